/**
 * A queue worker: its own pg-boss connection pulling chunk jobs (SKIP LOCKED, so any number of
 * workers in any number of processes share the queue), processing one chunk at a time. A chunk
 * that fails is tried again by the queue; one whose last try failed or was lost (its worker
 * killed, its machine gone) arrives on the dead-chunk queue, where its remaining rows are
 * recorded as failed so that the run still completes. Runs in the API process by default, and
 * alone as `npm run worker`.
 */
import type PgBoss from 'pg-boss';
import { BATCH_QUEUE, type ChunkJob, DEAD_CHUNK_QUEUE } from './chunk-job';
import { type ChunkDeps, failChunk, processChunk } from './chunk-processor';
import { type QueuePolicy, startBoss } from './pg-boss';
import { type QueueLoop, workQueue } from './queue-loop';

export interface WorkerStats {
  jobs: number;
  analysed: number;
  failed: number;
  skipped: number;
}

/** Why the queue gave up on a chunk, from what it stored with the dead job. */
function deathCause(job: PgBoss.JobWithMetadata<ChunkJob>, expireSeconds: number | undefined): string {
  const output = (job.output ?? {}) as { message?: string; value?: { message?: string } };
  const message = output.message ?? output.value?.message ?? 'no reason recorded';
  const tries = job.retryLimit + 1;
  if (/timeout in active state/.test(message)) return `the chunk's worker stopped (killed or its machine lost) for longer than ${expireSeconds ?? 'the chunk expiry of'} seconds, ${tries} time(s)`;
  return `the chunk failed ${tries} time(s): ${message}`;
}

export class BatchWorker {
  readonly stats: WorkerStats = { jobs: 0, analysed: 0, failed: 0, skipped: 0 };
  private loops: QueueLoop[] = [];

  private constructor(private readonly boss: PgBoss) {}

  static async start(deps: ChunkDeps, databaseUrl: string, log: (line: string) => void, options: { pollingIntervalSeconds?: number } & QueuePolicy = {}): Promise<BatchWorker> {
    const boss = await startBoss(databaseUrl, log, options);
    const worker = new BatchWorker(boss);
    const loop = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, log };
    worker.loops.push(
      workQueue<ChunkJob>(boss, BATCH_QUEUE, async (job) => {
        const chunk = job.data;
        try {
          const outcome = await processChunk(deps, chunk);
          worker.stats.jobs++;
          worker.stats.analysed += outcome.analysed;
          worker.stats.failed += outcome.failed;
          worker.stats.skipped += outcome.skipped;
        } catch (err) {
          log(`chunk of run ${chunk.runId} failed (try ${job.retryCount + 1} of ${job.retryLimit + 1}): ${(err as Error).message}`);
          throw err; // the queue tries it again, or moves it to the dead-chunk queue
        }
      }, loop),
      workQueue<ChunkJob>(boss, DEAD_CHUNK_QUEUE, async (job) => {
        const cause = deathCause(job, options.chunkExpireSeconds);
        log(`chunk of run ${job.data.runId} failed for good: ${cause}`);
        await failChunk(deps, job.data, cause);
      }, loop),
    );
    return worker;
  }

  /** Finishes the chunk in hand, then stops. */
  async stop(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.stop(60_000)));
    await this.boss.stop({ graceful: false, wait: true });
  }
}
