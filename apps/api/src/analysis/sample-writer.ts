/**
 * Persists explained samples: their rows (and whatever the caller adds, e.g. a run's counters) in
 * one transaction that commits only once the heat maps' source file is written (its PNGs are
 * drawn from it when first requested). Writing the files overlaps the inserts (the URLs are known
 * in advance). If anything fails, the rows roll back and every file written is removed, so a
 * failed request leaves nothing behind.
 */
import type { Heatmap, Sample } from '../generated/prisma/client';
import { isUniqueViolation, type PrismaClient, type Tx } from '../db/prisma';
import { ApiError } from '../errors/api-error';
import type { ArtifactStore } from '../storage/artifact-store';
import { heatmapGrid, heatmapPeak } from '../storage/heatmap-grid';
import { encodeSampleSource } from '../storage/heatmap-source';
import { fileStem, heatmapFile, imageFile, overlayFile, SOURCE_FILE } from '../storage/sample-files';
import type { ExplainedSample } from './explained-sample';
import { insertSampleRows } from './sample-rows.sql';

/** What was stored of a sample, as its rows hold it. */
export interface SavedSample {
  sample: Sample;
  heatmaps: Omit<Heatmap, 'id'>[];
}

/** The source the sample's PNGs are drawn from when first asked for (artifacts-route.ts). */
function sourceFiles(sample: ExplainedSample, inputs: readonly string[]): Map<string, Uint8Array> {
  const entries = inputs.map((input, i) => ({ stem: fileStem(input, i), heatmap: sample.cam.heatmaps[input]!, image: sample.display[input]! }));
  return new Map([[SOURCE_FILE, encodeSampleSource(entries)]]);
}

function rows(runId: string, inputs: readonly string[], s: ExplainedSample, urlOf: (name: string) => string): SavedSample {
  const { cam } = s;
  const sample: Sample = {
    id: s.id,
    runId,
    externalId: s.externalId,
    trueClass: s.trueClass,
    predictedClass: cam.predictedClass,
    targetClass: cam.targetClass,
    confidence: cam.confidence,
    probabilities: cam.probabilities,
    correct: s.trueClass === null ? null : s.trueClass === cam.predictedClass,
    method: s.method,
    device: cam.device,
    branchContributions: cam.branchContributions ? inputs.map((input) => cam.branchContributions![input] ?? 0) : [],
    engineMs: s.engineMs,
    createdAt: new Date(),
  };
  const heatmaps = inputs.map((input, i) => {
    const map = cam.heatmaps[input]!;
    const { width, height } = s.display[input]!;
    const grid = heatmapGrid(map, width, height);
    const peak = heatmapPeak(map, width);
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
    private readonly prisma: PrismaClient,
    private readonly artifacts: ArtifactStore,
  ) {}

  async save(runId: string, inputs: readonly string[], samples: readonly ExplainedSample[], alsoInTransaction?: (tx: Tx) => Promise<void>): Promise<SavedSample[]> {
    const saved = samples.map((s) => rows(runId, inputs, s, (name) => this.artifacts.urlOf(runId, s.id, name)));
    // Every write settles (one failing does not stop the others) before the transaction can
    // commit or any cleanup runs, so no file lands after its cleanup.
    const written = Promise.allSettled(samples.map(async (s) => this.artifacts.writeSample(runId, s.id, sourceFiles(s, inputs))));
    const filesWritten = async (): Promise<void> => {
      const failure = (await written).find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    };
    try {
      if (alsoInTransaction) {
        await this.prisma.$transaction(async (tx) => {
          if (saved.length) await insertSampleRows(tx, saved);
          await alsoInTransaction(tx);
          await filesWritten();
        });
      } else {
        // Rows alone go in one statement, atomic by itself: no interactive transaction to pay for.
        await filesWritten();
        if (saved.length) await insertSampleRows(this.prisma, saved);
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
