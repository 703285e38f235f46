/**
 * `npm run bench:batch -w packages/gradcam-core`: `gradcam batch` end to end on 200 demo samples
 * (the 120 committed ones, cycled), CPU — files decoded, CAMs computed, every figure written —
 * at batch 1 and 8: samples/s and the share of the wall time spent inside the onnxruntime session
 * (the rest is image work that was not overlapped with it). Writes the "Batch, end to end"
 * section of BENCHMARKS.md (root) with a plot.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GradCAMVisualizer } from '../api/visualizer';
import { readManifest, type Manifest } from '../dataset/manifest';
import { loadModel } from '../model/load';
import { physicalCores } from '../runtime/device';
import { BENCHMARKS_FILE, writePlot, writeSection } from './report-file';
import { barChartSvg } from './svg-chart';

const ROOT = resolve(__dirname, '../../../..');
const DEMO = join(ROOT, 'models', 'demo');
/** The full-size 4 × EfficientNet-B0 of the engine benchmark (same inputs), where it exists. */
const FULL_SIZE = join(ROOT, 'bench-models', 'effnet4-b0');
const SAMPLES = 200;
const BATCHES = [1, 8];

function cycled(manifest: Manifest, count: number): Manifest {
  const rows = Array.from({ length: count }, (_, k) => {
    const row = manifest.rows[k % manifest.rows.length]!;
    return { ...row, id: `${row.id}_${Math.floor(k / manifest.rows.length)}` };
  });
  return { ...manifest, rows };
}

interface BatchMeasurement {
  model: string;
  batchSize: number;
  wallMs: number;
  sessionMs: number;
  ok: number;
}

async function measure(modelDir: string, batchSize: number, manifest: Manifest): Promise<BatchMeasurement> {
  const model = loadModel(modelDir);
  const saveDir = mkdtempSync(join(tmpdir(), 'gradcam-batch-bench-'));
  // The demo manifest's images are preprocessed by each model's own gradcam.json.
  const vis = new GradCAMVisualizer(model, { device: 'cpu' });
  try {
    const engine = await vis.gradcam.ready(); // compiling is not part of the batch's time
    const started = performance.now();
    const results = await vis.batchAnalyze(manifest, { numSamples: SAMPLES, batchSize, saveDir, keepHeatmaps: false });
    return { model: modelDir.replace(`${ROOT}/`, ''), batchSize, wallMs: performance.now() - started, sessionMs: engine.usage.sessionMs, ok: results.filter((r) => r.status === 'ok').length };
  } finally {
    await vis.dispose();
    rmSync(saveDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const manifest = cycled(readManifest(join(DEMO, 'samples'), loadModel(DEMO).config), SAMPLES);
  const rows: BatchMeasurement[] = [];
  for (const dir of existsSync(join(FULL_SIZE, 'model.onnx')) ? [DEMO, FULL_SIZE] : [DEMO]) {
    for (const b of BATCHES) {
      const m = await measure(dir, b, manifest);
      if (m.ok !== SAMPLES) throw new Error(`${SAMPLES - m.ok} samples failed`);
      rows.push(m);
      console.log(`${m.model} batch ${b}: ${((1000 * SAMPLES) / m.wallMs).toFixed(1)} samples/s, ${((100 * m.sessionMs) / m.wallMs).toFixed(0)}% inside the session`);
    }
  }
  const body = [
    `\`gradcam batch\` on ${SAMPLES} demo samples (4 × 224×224 PNG inputs and masks; the 120 committed samples cycled): PNGs decoded, Grad-CAM, every figure written (combined figure, 4 heat-map PNGs, summary), CPU, ${physicalCores()} threads, ${cpus()[0]?.model ?? 'unknown CPU'}; the demo model and the full-size 4 × EfficientNet-B0 of the benchmark above (\`tools/make_bench_model.py\`, same inputs). Command: \`npm run bench:batch -w packages/gradcam-core\` (${new Date().toISOString().slice(0, 10)}). One pass each, after compiling.`,
    '',
    '| model | batch | samples/s | wall, s | inside the onnxruntime session | outside |',
    '|---|---|---|---|---|---|',
    ...rows.map((m) => `| ${m.model} | ${m.batchSize} | ${((1000 * SAMPLES) / m.wallMs).toFixed(1)} | ${(m.wallMs / 1000).toFixed(1)} | ${((100 * m.sessionMs) / m.wallMs).toFixed(0)}% | ${(100 - (100 * m.sessionMs) / m.wallMs).toFixed(0)}% |`),
    '',
    'Outside the session: decoding 4 PNG inputs and 4 masks, colour-mapping and compositing, and encoding 5 PNGs per sample (combined figure and 4 heat maps), on the same cores as onnxruntime.',
  ].join('\n');
  const models = [...new Set(rows.map((r) => r.model))];
  const plot = writePlot(
    'batch.svg',
    barChartSvg({
      title: `gradcam batch, ${SAMPLES} demo samples end to end, CPU`,
      yLabel: 'samples / s',
      categories: BATCHES.map((b) => `batch ${b}`),
      series: models.map((model) => ({ name: model, values: BATCHES.map((b) => { const m = rows.find((r) => r.model === model && r.batchSize === b)!; return Number(((1000 * SAMPLES) / m.wallMs).toFixed(1)); }) })),
    }),
    'end-to-end batch throughput',
  );
  writeSection(BENCHMARKS_FILE, 'Batch, end to end', `${body}\n\n${plot}`);
  console.log(body);
}

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(1);
});
