/**
 * Persists explained samples: their heat-map PNGs first, then their rows (and whatever the caller
 * adds, e.g. a run's counters) in one transaction. If anything fails, the rows roll back and the
 * files written are removed, so a failed request leaves nothing behind.
 */
import type { Prisma } from '../generated/prisma/client';
import { isUniqueViolation, type PrismaClient, type Tx } from '../db/prisma';
import { ApiError } from '../errors/api-error';
import type { ArtifactStore } from '../storage/artifact-store';
import { heatmapGrid, heatmapPeak } from '../storage/heatmap-grid';
import { heatmapPngs } from '../storage/heatmap-images';
import type { ExplainedSample } from './explained-sample';

/** A file name for an input's PNGs: the name itself when it is safe, else by position. */
function fileStem(input: string, index: number): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(input) ? input : `input${index}`;
}

async function renderFiles(sample: ExplainedSample, inputs: readonly string[]): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  await Promise.all(
    inputs.map(async (input, i) => {
      const pngs = await heatmapPngs(sample.cam.heatmaps[input]!, sample.display[input]!);
      files.set(`${fileStem(input, i)}.png`, pngs.heatmap);
      files.set(`${fileStem(input, i)}_overlay.png`, pngs.overlay);
    }),
  );
  return files;
}

function sampleData(runId: string, inputs: readonly string[], s: ExplainedSample, urls: Map<string, string>): Prisma.SampleUncheckedCreateInput {
  const { cam } = s;
  return {
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
    heatmaps: {
      create: inputs.map((input, i) => {
        const map = cam.heatmaps[input]!;
        const { width, height } = s.display[input]!;
        const grid = heatmapGrid(map, width, height);
        const peak = heatmapPeak(map, width);
        return {
          input,
          layer: cam.layers[input] ?? '',
          url: urls.get(`${fileStem(input, i)}.png`)!,
          overlayUrl: urls.get(`${fileStem(input, i)}_overlay.png`)!,
          rawMin: cam.rawMin[input]!,
          rawMax: cam.rawMax[input]!,
          peakX: peak.x,
          peakY: peak.y,
          grid: grid.cells,
          gridWidth: grid.width,
          gridHeight: grid.height,
        };
      }),
    },
  };
}

export class SampleWriter {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly artifacts: ArtifactStore,
  ) {}

  async save(runId: string, inputs: readonly string[], samples: readonly ExplainedSample[], alsoInTransaction?: (tx: Tx) => Promise<void>): Promise<void> {
    const written: string[] = [];
    try {
      // Samples render side by side (sharp encodes on libuv's thread pool); all settle before any
      // cleanup, so no write can land after it.
      const settled = await Promise.allSettled(
        samples.map(async (s) => {
          const files = await renderFiles(s, inputs);
          written.push(s.id);
          return sampleData(runId, inputs, s, await this.artifacts.writeSample(runId, s.id, files));
        }),
      );
      const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
      const data = settled.map((r) => (r as PromiseFulfilledResult<Prisma.SampleUncheckedCreateInput>).value);
      await this.prisma.$transaction(async (tx) => {
        for (const d of data) await tx.sample.create({ data: d });
        await alsoInTransaction?.(tx);
      });
    } catch (err) {
      await Promise.all(written.map((id) => this.artifacts.removeSample(runId, id)));
      if (isUniqueViolation(err)) throw new ApiError(`a sample with this externalId already exists in run ${runId}`, 'CONFLICT', { cause: err });
      throw err;
    }
  }
}
