/**
 * A worker process killed with SIGKILL in the middle of a batch: its chunk stays active until the
 * queue's expiry, is then tried again by another worker, and the run completes with every sample
 * exactly once. The expiry is cut to seconds here (GRADCAM_CHUNK_EXPIRE_SECONDS).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BATCH_QUEUE } from '../src/jobs/chunk-job';
import { ok, startTestApi, type TestApi } from './support/test-api';
import { startTestWorker, type TestWorker } from './support/test-worker';
import { waitFor } from './support/wait-for';

const WORKER = join(__dirname, '../dist/worker.js');

let t: TestApi;
let child: ChildProcess | undefined;
let survivor: TestWorker | undefined;
let output = '';

beforeAll(async () => {
  t = await startTestApi({ chunkExpireSeconds: 6, queueMaintenanceSeconds: 1 });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await survivor?.stop();
  await t.stop();
});

async function activeChunks(): Promise<number> {
  const rows = await t.api.services.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'active'`, BATCH_QUEUE);
  return rows[0]!.n;
}

test('a batch survives a worker killed mid-chunk: completed, every sample exactly once', async () => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: build first (npm run build -w apps/api)`);
  child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, DATABASE_URL: t.db.url, GRADCAM_ARTIFACT_DIR: t.config.artifactDir, GRADCAM_DATA_ROOT: t.config.dataRoot, GRADCAM_DEVICE: 'cpu', GRADCAM_WORKERS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor('the worker to start', async () => (/worker\(s\) on the queue/.test(output) ? true : child!.exitCode !== null ? Promise.reject(new Error(output)) : undefined), 60_000);

  const modelId = ok(await t.gql('{ models { id } }')).models[0].id;
  const { startBatch } = ok(await t.gql('mutation($input: StartBatchInput!) { startBatch(input: $input) { id } }', { input: { modelId, dataset: 'demo/samples', batchSize: 3, limit: 6 } }));
  await waitFor('the worker to take a chunk', async () => ((await activeChunks()) > 0 ? true : undefined), 60_000, 20);
  const exited = new Promise<string | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  survivor = await startTestWorker(t);
  const run = await waitFor('the batch to complete', async () => {
    const { run } = ok(await t.gql('query($id: ID!) { run(id: $id) { status progress { total done failed } } }', { id: startBatch.id }));
    return run.status === 'COMPLETED' ? run : undefined;
  }, 60_000);
  expect(run.progress).toEqual({ total: 6, done: 6, failed: 0 });
  const samples = await t.api.services.prisma.sample.findMany({ where: { runId: startBatch.id }, select: { externalId: true } });
  expect(samples).toHaveLength(6);
  expect(new Set(samples.map((s) => s.externalId)).size).toBe(6);
  // The killed worker's chunk was taken again after its expiry, not finished by the killed worker.
  const [retried] = await t.api.services.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT max(retry_count)::int AS n FROM pgboss.job WHERE name = $1`, BATCH_QUEUE);
  expect(retried!.n).toBeGreaterThanOrEqual(1);
});
