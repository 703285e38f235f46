/**
 * Persists explained samples: their rows (and whatever the caller adds, e.g. a run's counters) in
 * one transaction that commits only once their heat-map PNGs are written. Rendering and writing
 * the files overlap the inserts (the URLs are known in advance). If anything fails, the rows roll
 * back and every file written is removed, so a failed request leaves nothing behind.
 */
import type { Heatmap, Prisma, Sample } from '../generated/prisma/client';
import { isUniqueViolation, type PrismaClient, type Tx } from '../db/prisma';
import { ApiError } from '../errors/api-error';
import type { ArtifactStore } from '../storage/artifact-store';
import { heatmapGrid, heatmapPeak } from '../storage/heatmap-grid';
import { heatmapPngs } from '../storage/heatmap-images';
import type { ExplainedSample } from './explained-sample';

/** What was stored of a sample, as its rows hold it. */
export interface SavedSample {
  sample: Sample;
  heatmaps: Omit<Heatmap, 'id'>[];
}

/** A file name for an input's PNGs: the name itself when it is safe, else by position. */
function fileStem(input: string, index: number): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(input) ? input : `input${index}`;
}

const heatmapFile = (input: string, i: number): string => `${fileStem(input, i)}.png`;
const overlayFile = (input: string, i: number): string => `${fileStem(input, i)}_overlay.png`;
const imageFile = (input: string, i: number): string => `${fileStem(input, i)}_image.png`;

async function renderFiles(sample: ExplainedSample, inputs: readonly string[]): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  await Promise.all(
    inputs.map(async (input, i) => {
      const pngs = await heatmapPngs(sample.cam.heatmaps[input]!, sample.display[input]!);
      files.set(heatmapFile(input, i), pngs.heatmap);
      files.set(overlayFile(input, i), pngs.overlay);
      files.set(imageFile(input, i), pngs.image);
    }),
  );
  return files;
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
      url: urlOf(heatmapFile(input, i)),
      overlayUrl: urlOf(overlayFile(input, i)),
      imageUrl: urlOf(imageFile(input, i)),
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
    const written = Promise.allSettled(samples.map(async (s) => this.artifacts.writeSample(runId, s.id, await renderFiles(s, inputs))));
    try {
      await this.prisma.$transaction(async (tx) => {
        if (saved.length) {
          await tx.sample.createMany({ data: saved.map((r) => r.sample) });
          await tx.heatmap.createMany({ data: saved.flatMap((r) => r.heatmaps) as Prisma.HeatmapCreateManyInput[] });
        }
        await alsoInTransaction?.(tx);
        const failure = (await written).find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failure) throw failure.reason;
      });
      return saved;
    } catch (err) {
      await written;
      await Promise.all(samples.map((s) => this.artifacts.removeSample(runId, s.id)));
      if (isUniqueViolation(err)) throw new ApiError(`a sample with this externalId already exists in run ${runId}`, 'CONFLICT', { cause: err });
      throw err;
    }
  }
}
