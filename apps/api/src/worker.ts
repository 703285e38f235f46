/**
 * `npm run worker -w apps/api`: batch workers without the API, on any machine that reaches the
 * database (DATABASE_URL; unset: the embedded server of an API running on this machine), the data
 * root and the artifact folder. GRADCAM_WORKERS workers (at least one) share one engine per model.
 */
import { readConfig } from './config/env';
import { EMBEDDED_DATABASE } from './db/database';
import { embeddedUrl } from './db/embedded-postgres';
import { applyMigrations } from './db/migrations';
import { BatchWorker } from './jobs/batch-worker';
import { queuePolicy } from './jobs/pg-boss';
import { createWorkerDeps } from './jobs/worker-deps';

const log = (line: string): void => console.log(`[worker ${process.pid}] ${line}`);

async function main(): Promise<void> {
  const config = readConfig();
  const databaseUrl = config.databaseUrl ?? embeddedUrl(config.embeddedPort, EMBEDDED_DATABASE);
  await applyMigrations(databaseUrl).catch((err: Error) => {
    throw new Error(`cannot reach the database${config.databaseUrl ? '' : ' (no DATABASE_URL: the API must be running here with its embedded PostgreSQL)'}: ${err.message}`, { cause: err });
  });
  const deps = createWorkerDeps(config, databaseUrl);
  const workers: BatchWorker[] = [];
  for (let i = 0; i < Math.max(1, config.inProcessWorkers); i++) workers.push(await BatchWorker.start(deps, databaseUrl, log, queuePolicy(config)));
  log(`${workers.length} worker(s) on the queue; artifacts to ${config.artifactDir}`);
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing the chunks in hand`);
    await Promise.all(workers.map((w) => w.stop()));
    await deps.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`[worker] ${err.message}`);
  process.exit(1);
});
