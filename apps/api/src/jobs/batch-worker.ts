/**
 * A queue worker: its own pg-boss connection pulling chunk jobs (SKIP LOCKED, so any number of
 * workers in any number of processes share the queue), processing one chunk at a time. Runs in
 * the API process by default, and alone as `npm run worker`.
 */
import type PgBoss from 'pg-boss';
import { BATCH_QUEUE, type ChunkJob } from './chunk-job';
import { type ChunkDeps, failChunk, processChunk } from './chunk-processor';
import { type QueuePolicy, startBoss } from './pg-boss';

export interface WorkerStats {
  jobs: number;
  analysed: number;
  failed: number;
  skipped: number;
}

export class BatchWorker {
  readonly stats: WorkerStats = { jobs: 0, analysed: 0, failed: 0, skipped: 0 };

  private constructor(private readonly boss: PgBoss) {}

  static async start(deps: ChunkDeps, databaseUrl: string, log: (line: string) => void, options: { pollingIntervalSeconds?: number } & QueuePolicy = {}): Promise<BatchWorker> {
    const boss = await startBoss(databaseUrl, log, { chunkExpireSeconds: options.chunkExpireSeconds, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds });
    const worker = new BatchWorker(boss);
    await boss.work<ChunkJob>(BATCH_QUEUE, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([job]) => {
      const chunk = job!.data;
      try {
        const outcome = await processChunk(deps, chunk);
        worker.stats.jobs++;
        worker.stats.analysed += outcome.analysed;
        worker.stats.failed += outcome.failed;
        worker.stats.skipped += outcome.skipped;
      } catch (err) {
        const message = (err as Error).message;
        if (job!.retryCount < job!.retryLimit) throw err; // pg-boss tries the chunk again
        log(`chunk of run ${chunk.runId} failed for good: ${message}`);
        await failChunk(deps.prisma, chunk, `the chunk failed ${job!.retryCount + 1} times: ${message}`);
      }
    });
    return worker;
  }

  /** Finishes the chunk in hand, then stops. */
  stop(): Promise<void> {
    return this.boss.stop({ graceful: true, wait: true, timeout: 60_000 });
  }
}
