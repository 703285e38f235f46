/** The sending side of the queue: one job per chunk of a batch run. */
import type PgBoss from 'pg-boss';
import { BATCH_QUEUE, type ChunkJob } from './chunk-job';
import { type QueuePolicy, startBoss } from './pg-boss';

export class BatchQueue {
  private constructor(private readonly boss: PgBoss) {}

  static async start(databaseUrl: string, log: (line: string) => void, policy: QueuePolicy = {}): Promise<BatchQueue> {
    return new BatchQueue(await startBoss(databaseUrl, log, policy));
  }

  async enqueue(chunks: readonly ChunkJob[]): Promise<void> {
    await this.boss.insert(chunks.map((data) => ({ name: BATCH_QUEUE, data })));
  }

  stop(): Promise<void> {
    return this.boss.stop({ graceful: false, wait: true });
  }
}
