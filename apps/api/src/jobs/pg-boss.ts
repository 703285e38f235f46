/** pg-boss on the application's database (its own schema, `pgboss`), with the batch queue created. */
import PgBoss from 'pg-boss';
import { BATCH_QUEUE } from './chunk-job';

/** A failed chunk is tried this many more times before its rows are recorded as failed. */
export const CHUNK_RETRIES = 2;

export interface QueuePolicy {
  /** An active chunk older than this is failed by the queue's maintenance and tried again. */
  chunkExpireSeconds?: number;
  /** How often this process runs the queue's maintenance (expiry among it). */
  maintenanceIntervalSeconds?: number;
}

export async function startBoss(databaseUrl: string, log: (line: string) => void, options: { supervise?: boolean } & QueuePolicy = {}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4, supervise: options.supervise ?? true, schedule: false, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 120 });
  boss.on('error', (err: Error) => log(`queue: ${err.message}`));
  await boss.start();
  await boss.createQueue(BATCH_QUEUE, { name: BATCH_QUEUE, retryLimit: CHUNK_RETRIES, retryDelay: 2, expireInSeconds: options.chunkExpireSeconds ?? 30 * 60 });
  return boss;
}
