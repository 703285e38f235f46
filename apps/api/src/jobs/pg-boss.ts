/** pg-boss on the application's database (its own schema, `pgboss`), with the batch queues created. */
import PgBoss from 'pg-boss';
import type { ApiConfig } from '../config/env';
import { BATCH_QUEUE, DEAD_CHUNK_QUEUE } from './chunk-job';

export interface QueuePolicy {
  /** An active chunk older than this is failed by the queue's maintenance and tried again. */
  chunkExpireSeconds?: number;
  /** How often this process runs the queue's maintenance (expiry among it). */
  maintenanceIntervalSeconds?: number;
  /** A failed chunk is tried this many more times before it goes to the dead-chunk queue. */
  chunkRetries?: number;
}

export const queuePolicy = (config: ApiConfig): QueuePolicy => ({
  chunkExpireSeconds: config.chunkExpireSeconds,
  maintenanceIntervalSeconds: config.queueMaintenanceSeconds,
  chunkRetries: config.chunkRetries,
});

export async function startBoss(databaseUrl: string, log: (line: string) => void, options: { supervise?: boolean } & QueuePolicy = {}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4, supervise: options.supervise ?? true, schedule: false, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120 });
  boss.on('error', (err: Error) => log(`queue: ${err.message}`));
  await boss.start();
  // Recording a dead chunk's rows only writes rows: a few quick tries cover a database restart.
  const dead = { name: DEAD_CHUNK_QUEUE, retryLimit: 5, retryDelay: 2, expireInSeconds: 5 * 60 };
  const batch = { name: BATCH_QUEUE, retryLimit: options.chunkRetries ?? 2, retryDelay: 2, expireInSeconds: options.chunkExpireSeconds ?? 30 * 60, deadLetter: DEAD_CHUNK_QUEUE };
  // createQueue leaves an existing queue as it is; updateQueue brings it to this policy.
  for (const queue of [dead, batch]) {
    await boss.createQueue(queue.name, queue);
    await boss.updateQueue(queue.name, queue);
  }
  return boss;
}
