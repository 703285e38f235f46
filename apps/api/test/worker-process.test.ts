/** `npm run worker` (dist/worker.js) as its own process takes a batch from the queue and stops cleanly on SIGTERM. */
import { runFinished, startBatchRun } from './support/batch-run';
import { type NodeProcess, startWorkerProcess } from './support/node-process';
import { startTestApi, type TestApi } from './support/test-api';

let t: TestApi;
let worker: NodeProcess | undefined;

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  worker?.reap();
  await t.stop();
});

test('a worker process analyses a batch and exits 0 on SIGTERM', async () => {
  worker = await startWorkerProcess(t);
  const run = await runFinished(t.gql, await startBatchRun(t.gql, { batchSize: 3, limit: 6 }));
  expect(run).toMatchObject({ status: 'COMPLETED', progress: { done: 6, failed: 0 } });
  worker.child.kill('SIGTERM');
  expect(await worker.ended()).toEqual({ code: 0, signal: null });
});
