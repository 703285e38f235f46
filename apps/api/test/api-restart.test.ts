/**
 * The API process (with its in-process worker) killed with SIGKILL in the middle of a batch and
 * started again: the run in progress resumes and completes with every sample exactly once, and no
 * file is left that no sample owns.
 */
import { freePort } from '../src/db/free-port';
import { artifactMismatch, runFinished, runState, startBatchRun, storedExternalIds } from './support/batch-run';
import { type NodeProcess, sharedEnv, spawnBuilt } from './support/node-process';
import { graphqlAt, startTestApi, type TestApi } from './support/test-api';
import { waitFor } from './support/wait-for';

const QUEUE_TIMING = { chunkExpireSeconds: 6, queueMaintenanceSeconds: 1 };
let t: TestApi;
const processes: NodeProcess[] = [];

beforeAll(async () => {
  // The test's own API only reads the database here; the API under test runs as a process.
  t = await startTestApi(QUEUE_TIMING);
});
afterAll(async () => {
  processes.forEach((p) => p.reap());
  await t.stop();
});

async function startApiProcess(port: number): Promise<NodeProcess> {
  const api = spawnBuilt('main.js', sharedEnv(t, { PORT: String(port), GRADCAM_CHUNK_EXPIRE_SECONDS: '6', GRADCAM_QUEUE_MAINTENANCE_SECONDS: '1' }));
  processes.push(api);
  await api.waitForOutput(/GraphQL on http/, 'the API to start');
  return api;
}

test('the API killed mid-batch and started again: the run resumes and completes, every sample once', async () => {
  const port = await freePort();
  const gql = graphqlAt(`http://127.0.0.1:${port}`);
  const first = await startApiProcess(port);
  const runId = await startBatchRun(gql, { batchSize: 2, limit: 10 });
  await waitFor('the first chunk to be stored', async () => ((await runState(gql, runId)).progress.done >= 2 ? true : undefined), 60_000, 50);
  first.child.kill('SIGKILL');
  expect((await first.ended()).signal).toBe('SIGKILL');
  const doneAtKill = (await runState(t.gql, runId)).progress.done;
  expect(doneAtKill).toBeLessThan(10);

  const second = await startApiProcess(port);
  const run = await runFinished(gql, runId, 90_000).catch((err: Error) => {
    throw new Error(`${err.message}; API output:\n${second.output()}`);
  });
  expect(run).toMatchObject({ status: 'COMPLETED', progress: { total: 10, done: 10, failed: 0 } });
  const ids = await storedExternalIds(t.api.services.prisma, runId);
  expect(ids).toHaveLength(10);
  expect(new Set(ids).size).toBe(10);
  expect(await artifactMismatch(t.api.services.prisma, t.config.artifactDir, runId)).toEqual({ orphans: [], missing: [] });
  second.child.kill('SIGTERM');
  expect(await second.ended()).toEqual({ code: 0, signal: null });
});
