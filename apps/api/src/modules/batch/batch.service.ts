/**
 * Batch runs: startBatch reads the manifest, creates the run and queues one job per chunk;
 * cancelRun stops what is still queued (workers drop chunks of cancelled runs); deleteRun removes
 * the run, its rows and its files.
 */
import { readManifest, type ManifestRow } from 'gradcam-core';
import type { Run } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';
import { badInput } from '../../errors/api-error';
import { engineCall } from '../../errors/engine-errors';
import { DEFAULT_METHOD, type EnginePool } from '../../engine/engine-pool';
import type { BatchQueue } from '../../jobs/batch-queue';
import type { ChunkJob, ChunkRow } from '../../jobs/chunk-job';
import type { ArtifactStore } from '../../storage/artifact-store';
import type { DataRoot } from '../../storage/data-root';
import type { ModelService } from '../model/model.service';
import type { RunService } from '../run/run.service';
import type { StartBatchInput } from './start-batch.input';

export const DEFAULT_BATCH_SIZE = 8;

export class BatchService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly models: ModelService,
    private readonly runs: RunService,
    private readonly engines: EnginePool,
    private readonly queue: BatchQueue,
    private readonly dataRoot: DataRoot,
    private readonly artifacts: ArtifactStore,
  ) {}

  /** A manifest row as a job row: paths relative to the data root, or the reason it cannot run. */
  private chunkRow(row: ManifestRow): ChunkRow {
    const files: Record<string, string> = {};
    let problem = row.problem;
    for (const [input, path] of Object.entries(row.files)) {
      try {
        files[input] = this.dataRoot.relative(this.dataRoot.resolve(path, `image for '${input}'`));
      } catch (err) {
        problem ??= `line ${row.line}: ${(err as Error).message}`;
      }
    }
    const truth = { trueClass: row.label ?? null, trueLabels: row.labels ?? null, trueValue: row.value ?? null };
    return { line: row.line, externalId: row.id || `line ${row.line}`, files, ...truth, ...(problem ? { problem } : {}) };
  }

  async start(input: StartBatchInput): Promise<Run> {
    const model = await this.models.get(input.modelId);
    const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
    const dataset = this.dataRoot.resolve(input.dataset, 'dataset');
    const loaded = await engineCall(() => this.engines.loaded({ id: model.id, path: this.models.absolutePath(model) }));
    const manifest = await engineCall(() => readManifest(dataset, loaded.config));
    const rows = manifest.rows.slice(0, input.limit ?? undefined).map((r) => this.chunkRow(r));
    if (rows.length === 0) throw badInput(`the dataset ${input.dataset} has no rows`);
    const run = await this.prisma.run.create({
      data: {
        modelId: model.id,
        kind: 'BATCH',
        name: input.name ?? input.dataset,
        method: input.method ?? DEFAULT_METHOD,
        status: 'QUEUED',
        dataset: this.dataRoot.relative(manifest.path),
        total: rows.length,
        params: { batchSize, ...(input.limit ? { limit: input.limit } : {}) },
      },
    });
    const chunks: ChunkJob[] = [];
    for (let i = 0; i < rows.length; i += batchSize) chunks.push({ runId: run.id, rows: rows.slice(i, i + batchSize) });
    try {
      await this.queue.enqueue(chunks);
    } catch (err) {
      await this.prisma.run.delete({ where: { id: run.id } });
      throw err;
    }
    return run;
  }

  async cancel(id: string): Promise<Run> {
    const run = await this.runs.require(id);
    if (run.kind !== 'BATCH') throw badInput(`run ${id} is a model's ad-hoc run; only batch runs can be cancelled`);
    const { count } = await this.prisma.run.updateMany({ where: { id, status: { in: ['QUEUED', 'RUNNING'] } }, data: { status: 'CANCELLED', finishedAt: new Date() } });
    if (count === 0) throw badInput(`run ${id} is ${run.status.toLowerCase()}; only queued or running runs can be cancelled`);
    return this.runs.require(id);
  }

  async delete(id: string): Promise<void> {
    const run = await this.runs.require(id);
    if (run.kind !== 'BATCH') throw badInput(`run ${id} is a model's ad-hoc run, which cannot be deleted`);
    await this.prisma.run.delete({ where: { id } });
    await this.artifacts.removeRun(id);
  }
}
