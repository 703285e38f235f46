/**
 * PostgreSQL restarted in the middle of a batch: the API's worker loses its connections, the
 * chunk in hand fails and is tried again, and once the server is back the run completes with every
 * sample exactly once. On a server of its own (the suite's shared one serves other test files).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type RunningApi, startApi } from '../src/app/api-server';
import { readConfig } from '../src/config/env';
import { applyMigrations } from '../src/db/migrations';
import { artifactMismatch, runFinished, runState, startBatchRun, storedExternalIds } from './support/batch-run';
import { type RestartablePostgres, restartablePostgres } from './support/postgres-process';
import { graphqlAt } from './support/test-api';
import { waitFor } from './support/wait-for';

let postgres: RestartablePostgres;
let artifactDir: string;
let api: RunningApi | undefined;
const log: string[] = [];

beforeAll(async () => {
  postgres = await restartablePostgres();
  await postgres.start();
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE gradcam');
  await admin.end();
  await applyMigrations(postgres.url('gradcam'));
  artifactDir = await mkdtemp(join(tmpdir(), 'gradcam-artifacts-'));
});
afterAll(async () => {
  await api?.stop();
  await postgres.stop();
  await rm(postgres.dir, { recursive: true, force: true });
  await rm(artifactDir, { recursive: true, force: true });
});

test('PostgreSQL restarted during a batch: the workers reconnect and the run completes, every sample once', async () => {
  const url = postgres.url('gradcam');
  api = await startApi({ ...readConfig({}), databaseUrl: url, artifactDir, port: 0, device: 'cpu', inProcessWorkers: 1, queueMaintenanceSeconds: 1 }, url, (line) => log.push(line));
  const gql = graphqlAt(api.url);
  const runId = await startBatchRun(gql, { batchSize: 2, limit: 12 });
  await waitFor('the first chunks to be stored', async () => ((await runState(gql, runId)).progress.done >= 2 ? true : undefined), 60_000, 50);

  await postgres.stop();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await postgres.start();

  const run = await runFinished(gql, runId, 90_000).catch(async (err: Error) => {
    throw new Error(`${err.message}; run ${JSON.stringify(await runState(gql, runId))}; API log:\n${log.join('\n')}`);
  });
  expect(run).toMatchObject({ status: 'COMPLETED', progress: { total: 12, done: 12, failed: 0 } });
  const ids = await storedExternalIds(api.services.prisma, runId);
  expect(ids).toHaveLength(12);
  expect(new Set(ids).size).toBe(12);
  expect(await artifactMismatch(api.services.prisma, artifactDir, runId)).toEqual({ orphans: [], missing: [] });
  // The outage was seen by the queue (not slept through between chunks).
  expect(log.join('\n')).toMatch(/queue: .*(terminat|ECONNREFUSED|connect)/i);
}, 180_000);
