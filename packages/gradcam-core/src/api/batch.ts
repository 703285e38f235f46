/**
 * The batch loop behind GradCAMVisualizer.batchAnalyze: manifest rows in batches through one
 * engine, each batch's files decoded while the previous batch runs, figures written per sample
 * and a summary at the end. A row that cannot be loaded or run fails alone, with its reason.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { maskEnergy } from '../dataset/mask';
import type { ManifestRow } from '../dataset/manifest';
import { type LoadedSample, loadSampleFiles } from '../dataset/sample-loader';
import { SUMMARY_FILE } from '../figures/output-layout';
import { overlayHeatmap } from '../figures/overlay';
import { type FigureStyle, writeSampleFiles } from '../figures/sample-files';
import { renderSummaryFigure, SUMMARY_MAX_ROWS, type SummaryRow } from '../figures/summary-figure';
import type { InputSpec } from '../model/config';
import { type CamEngine, InputError, type InputTensor } from '../runtime/engine';
import { type CamResult, camResultOfRow } from './multi-input-gradcam';
import type { BatchProgress, BatchSampleFailed, BatchSampleOk, BatchSampleResult } from './results';

export interface BatchRun {
  engine: CamEngine;
  specs: readonly InputSpec[];
  saveDir: string;
  batchSize: number;
  style: FigureStyle;
  targetClass?: number;
  /** Keep each sample's heat maps in its result (memory grows with the dataset). */
  keepHeatmaps: boolean;
  onProgress?: (p: BatchProgress) => void;
}

type Loaded = { row: ManifestRow; sample: LoadedSample } | BatchSampleFailed;

const failed = (row: ManifestRow, error: string): BatchSampleFailed => ({ status: 'failed', sampleId: row.id || `line ${row.line}`, line: row.line, trueClass: row.label, error });

async function loadRow(row: ManifestRow, specs: readonly InputSpec[]): Promise<Loaded> {
  if (row.problem) return failed(row, row.problem);
  try {
    return { row, sample: await loadSampleFiles(specs, row.files, row.masks) };
  } catch (err) {
    return failed(row, (err as Error).message); // this row's files: reported in its result
  }
}

function stack(samples: readonly LoadedSample[], specs: readonly InputSpec[]): Record<string, InputTensor> {
  return Object.fromEntries(
    specs.map((spec) => {
      const plane = spec.channels * spec.height * spec.width;
      const data = new Float32Array(samples.length * plane);
      samples.forEach((s, r) => data.set(s.inputs[spec.name]!.data, r * plane));
      return [spec.name, { data, dims: [samples.length, spec.channels, spec.height, spec.width] }];
    }),
  );
}

/** Explains the samples in one run; if the engine refuses the batch's values, each row alone, so only the bad one fails. */
async function explain(run: BatchRun, samples: readonly LoadedSample[]): Promise<(CamResult | InputError)[]> {
  try {
    const out = await run.engine.run(stack(samples, run.specs), run.targetClass);
    return samples.map((_, r) => camResultOfRow(out, r));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (samples.length === 1) return [err];
    const each: (CamResult | InputError)[] = [];
    for (const s of samples) each.push(...(await explain(run, [s])));
    return each;
  }
}

async function finish(run: BatchRun, row: ManifestRow, sample: LoadedSample, cam: CamResult): Promise<BatchSampleOk> {
  const prediction = { ...cam, trueClass: row.label };
  const files = await writeSampleFiles(run.saveDir, row.id, run.specs, { display: sample.display, heatmaps: cam.heatmaps, masks: sample.masks }, prediction, run.style);
  const masked = Object.entries(sample.masks);
  return {
    status: 'ok',
    line: row.line,
    sampleId: row.id,
    trueClass: row.label,
    ...(row.labels ? { trueLabels: row.labels } : {}),
    ...(row.value === undefined ? {} : { trueValue: row.value }),
    ...cam,
    heatmaps: run.keepHeatmaps ? cam.heatmaps : {},
    files,
    ...(masked.length ? { maskEnergy: Object.fromEntries(masked.map(([name, m]) => [name, maskEnergy(cam.heatmaps[name]!, m)])) } : {}),
  };
}

function summaryRow(run: BatchRun, sample: LoadedSample, r: BatchSampleOk, heatmaps: Record<string, ArrayLike<number>>): SummaryRow {
  return {
    sampleId: r.sampleId,
    prediction: { predictedClass: r.predictedClass, confidence: r.confidence, trueClass: r.trueClass, task: r.task, scores: r.scores, probabilities: r.probabilities, predictedLabels: r.predictedLabels },
    overlays: run.specs.map((s) => ({ width: s.width, height: s.height, data: overlayHeatmap(sample.display[s.name]!, heatmaps[s.name]!, { ...run.style, mask: sample.masks[s.name] }) })),
  };
}

/** Runs every row; returns the results in manifest order and the summary figure's path (if any sample succeeded). */
export async function runBatches(run: BatchRun, rows: readonly ManifestRow[]): Promise<{ results: BatchSampleResult[]; summary?: string }> {
  await mkdir(run.saveDir, { recursive: true });
  const started = performance.now();
  const results: BatchSampleResult[] = [];
  const summaryRows: SummaryRow[] = [];
  const report = (r: BatchSampleResult): void => {
    results.push(r);
    const ok = results.filter((x) => x.status === 'ok').length;
    run.onProgress?.({ done: results.length, total: rows.length, ok, failed: results.length - ok, elapsedMs: performance.now() - started, last: r });
  };
  const chunks: ManifestRow[][] = [];
  for (let i = 0; i < rows.length; i += run.batchSize) chunks.push(rows.slice(i, i + run.batchSize));
  const load = (chunk: readonly ManifestRow[]): Promise<Loaded[]> => Promise.all(chunk.map((row) => loadRow(row, run.specs)));

  let next = chunks.length ? load(chunks[0]!) : undefined;
  for (let i = 0; i < chunks.length; i++) {
    const loaded = await next!;
    // Decoding the next batch's files proceeds while this batch runs in onnxruntime. Writing this
    // batch's figures while the next one runs was slower on 2 cores (13.9 -> 9.7 samples/s at
    // batch 8): onnxruntime's threads and sharp's then compete for the same cores.
    next = i + 1 < chunks.length ? load(chunks[i + 1]!) : undefined;
    const good = loaded.filter((l): l is { row: ManifestRow; sample: LoadedSample } => !('status' in l));
    const cams = good.length ? await explain(run, good.map((g) => g.sample)) : [];
    const done = new Map(
      await Promise.all(
        good.map(async (g, k): Promise<[ManifestRow, BatchSampleResult]> => {
          const cam = cams[k]!;
          if (cam instanceof InputError) return [g.row, failed(g.row, cam.message)];
          try {
            return [g.row, await finish(run, g.row, g.sample, cam)];
          } catch (err) {
            // e.g. an id too long for a file name: this row's files, so this row's failure.
            return [g.row, failed(g.row, `writing its files failed: ${(err as Error).message}`)];
          }
        }),
      ),
    );
    good.forEach((g, k) => {
      const r = done.get(g.row)!;
      if (r.status === 'ok' && summaryRows.length < SUMMARY_MAX_ROWS) summaryRows.push(summaryRow(run, g.sample, r, (cams[k] as CamResult).heatmaps));
    });
    for (const l of loaded) report('status' in l ? l : done.get(l.row)!);
  }
  if (summaryRows.length === 0) return { results };
  const summary = join(run.saveDir, SUMMARY_FILE);
  await writeFile(summary, await renderSummaryFigure(run.specs.map((s) => s.name), summaryRows, { ...run.style, subtitle: subtitle(results, summaryRows.length) }));
  return { results, summary };
}

function subtitle(results: readonly BatchSampleResult[], shown: number): string {
  const ok = results.filter((r): r is BatchSampleOk => r.status === 'ok');
  const parts: string[] = [];
  const labelled = ok.filter((r) => r.trueClass !== undefined);
  if (labelled.length) {
    const right = labelled.filter((r) => r.trueClass === r.predictedClass).length;
    parts.push(`accuracy ${right}/${labelled.length} (${((100 * right) / labelled.length).toFixed(1)}%)`);
  }
  const failedCount = results.length - ok.length;
  if (failedCount) parts.push(`${failedCount} failed (see results)`);
  if (shown < ok.length) parts.push(`first ${shown} of ${ok.length} shown`);
  return parts.join(' · ');
}
