/**
 * Persists explained samples: their rows (and whatever the caller adds, e.g. a run's counters) in
 * one transaction that commits only once the heat maps' source file is written (its PNGs are
 * drawn from it when first requested). If anything fails, the rows roll back and every file
 * written is removed, so a failed request leaves nothing behind; a crash before the commit leaves
 * no rows either (at worst a sample folder no row points to).
 */
import type { Heatmap, Sample } from '../generated/prisma/client';
import { isUniqueViolation, type Database, type Tx } from '../db/prisma';
import { ApiError } from '../errors/api-error';
import type { ArtifactStore } from '../storage/artifact-store';
import { type HeatmapSummary, summariseHeatmap } from '../storage/heatmap-grid';
import { encodeSampleSource } from '../storage/heatmap-source';
import { fileStem, heatmapFile, imageFile, overlayFile, SOURCE_FILE } from '../storage/sample-files';
import type { ExplainedSample } from './explained-sample';
import { predictionColumns } from './prediction-columns';
import { insertSampleRows, insertSampleRowsPg } from './sample-rows.sql';

/** What was stored of a sample, as its rows hold it. */
export interface SavedSample {
  sample: Sample;
  heatmaps: Omit<Heatmap, 'id'>[];
}

/** Throws the first failure of settled work, once all of it has settled. */
function throwFirstFailure(settled: readonly PromiseSettledResult<unknown>[]): void {
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Per input (in the model's order), what is kept of its heat map's values. */
function summaries(sample: ExplainedSample, inputs: readonly string[]): HeatmapSummary[] {
  return inputs.map((input) => summariseHeatmap(sample.cam.heatmaps[input]!, sample.display[input]!.width, sample.display[input]!.height));
}

/** The source the sample's PNGs are drawn from when first asked for (artifacts-route.ts). */
function sourceFiles(sample: ExplainedSample, inputs: readonly string[], kept: readonly HeatmapSummary[]): Map<string, Uint8Array> {
  const entries = inputs.map((input, i) => ({ stem: fileStem(input, i), levels: kept[i]!.levels, image: sample.display[input]! }));
  return new Map([[SOURCE_FILE, encodeSampleSource(entries)]]);
}

function rows(runId: string, inputs: readonly string[], s: ExplainedSample, kept: readonly HeatmapSummary[], urlOf: (name: string) => string): SavedSample {
  const { cam } = s;
  const sample: Sample = {
    id: s.id,
    runId,
    externalId: s.externalId,
    ...predictionColumns(cam, s.truth),
    targetClass: cam.targetClass,
    method: s.method,
    device: cam.device,
    branchContributions: cam.branchContributions ? inputs.map((input) => cam.branchContributions![input] ?? 0) : [],
    engineMs: s.engineMs,
    createdAt: new Date(),
  };
  const heatmaps = inputs.map((input, i) => {
    const { grid, peak } = kept[i]!;
    return {
      sampleId: s.id,
      input,
      layer: cam.layers[input] ?? '',
      url: urlOf(heatmapFile(fileStem(input, i))),
      overlayUrl: urlOf(overlayFile(fileStem(input, i))),
      imageUrl: urlOf(imageFile(fileStem(input, i))),
      rawMin: cam.rawMin[input]!,
      rawMax: cam.rawMax[input]!,
      peakX: peak.x,
      peakY: peak.y,
      grid: grid.cells,
      gridWidth: grid.width,
      gridHeight: grid.height,
    };
  });
  return { sample, heatmaps };
}

export class SampleWriter {
  constructor(
    private readonly db: Database,
    private readonly artifacts: ArtifactStore,
  ) {}

  async save(runId: string, inputs: readonly string[], samples: readonly ExplainedSample[], alsoInTransaction?: (tx: Tx) => Promise<void>): Promise<SavedSample[]> {
    // The files start first: they are written while the rows are built (and, in a batch,
    // inserted). Every write settles (one failing does not stop the others) before the rows can
    // commit or any cleanup runs, so no file lands after its cleanup.
    const kept = samples.map((s) => summaries(s, inputs));
    const written = Promise.allSettled(samples.map(async (s, i) => this.artifacts.writeSample(runId, s.id, sourceFiles(s, inputs, kept[i]!))));
    const filesWritten = async (): Promise<void> => throwFirstFailure(await written);
    try {
      const saved = samples.map((s, i) => rows(runId, inputs, s, kept[i]!, (name) => this.artifacts.urlOf(runId, s.id, name)));
      if (alsoInTransaction) {
        await this.db.prisma.$transaction(async (tx) => {
          if (saved.length) await insertSampleRows(tx, saved);
          await alsoInTransaction(tx);
          await filesWritten();
        });
      } else if (saved.length) {
        // Rows alone (analyzeSample): one statement is a transaction of its own, so it goes in
        // once the files are written, on a pooled connection: no BEGIN and COMMIT round trips and
        // none of Prisma's statement path (~1.5 ms more per call).
        await filesWritten();
        await insertSampleRowsPg(this.db.pool, saved);
      }
      return saved;
    } catch (err) {
      await written;
      await Promise.all(samples.map((s) => this.artifacts.removeSample(runId, s.id)));
      if (isUniqueViolation(err)) throw new ApiError(`a sample with this externalId already exists in run ${runId}`, 'CONFLICT', { cause: err });
      throw err;
    }
  }
}
