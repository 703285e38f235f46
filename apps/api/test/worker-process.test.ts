/** `npm run worker` (dist/worker.js) as its own process takes a batch from the queue and stops cleanly on SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ok, startTestApi, type TestApi } from './support/test-api';
import { waitFor } from './support/wait-for';

const WORKER = join(__dirname, '../dist/worker.js');

let t: TestApi;
let child: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await t.stop();
});

test('a worker process analyses a batch and exits 0 on SIGTERM', async () => {
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
  const run = await waitFor('the batch to finish', async () => {
    const { run } = ok(await t.gql('query($id: ID!) { run(id: $id) { status progress { done failed } } }', { id: startBatch.id }));
    return run.status === 'COMPLETED' ? run : undefined;
  });
  expect(run.progress).toEqual({ done: 6, failed: 0 });

  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
