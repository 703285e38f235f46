/**
 * A worker process killed with SIGKILL in the middle of a batch: its chunk stays active until the
 * queue's expiry (cut to seconds here, GRADCAM_CHUNK_EXPIRE_SECONDS), then another worker tries it
 * again and the run completes with every sample exactly once. Killed on the chunk's last try, the
 * chunk goes to the dead-chunk queue and its rows are recorded as failed: the run still completes.
 * Either way no file is left that no sample owns.
 */
import { BATCH_QUEUE } from '../src/jobs/chunk-job';
import { artifactMismatch, runFinished, startBatchRun, storedExternalIds } from './support/batch-run';
import { type NodeProcess, startWorkerProcess } from './support/node-process';
import { startTestApi, type TestApi } from './support/test-api';
import { startTestWorker, type TestWorker } from './support/test-worker';
import { waitFor } from './support/wait-for';

const QUEUE_TIMING = { chunkExpireSeconds: 6, queueMaintenanceSeconds: 1 };
const apis: TestApi[] = [];
const processes: NodeProcess[] = [];
const survivors: TestWorker[] = [];

afterAll(async () => {
  processes.forEach((p) => p.reap());
  await Promise.all(survivors.map((w) => w.stop()));
  await Promise.all(apis.map((t) => t.stop()));
});

async function activeChunks(t: TestApi): Promise<number> {
  const rows = await t.api.services.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'active'`, BATCH_QUEUE);
  return rows[0]!.n;
}

/** A batch of 6 rows in chunks of 3 whose first chunk's worker process is SIGKILLed; a survivor takes over. */
async function batchWithKilledWorker(chunkRetries: number): Promise<{ t: TestApi; runId: string }> {
  const t = await startTestApi({ ...QUEUE_TIMING, chunkRetries });
  apis.push(t);
  const worker = await startWorkerProcess(t, { GRADCAM_CHUNK_RETRIES: String(chunkRetries), GRADCAM_CHUNK_EXPIRE_SECONDS: '6' });
  processes.push(worker);
  const runId = await startBatchRun(t.gql, { batchSize: 3, limit: 6 });
  await waitFor('the worker to take a chunk', async () => ((await activeChunks(t)) > 0 ? true : undefined), 60_000, 20);
  worker.child.kill('SIGKILL');
  expect((await worker.ended()).signal).toBe('SIGKILL');
  survivors.push(await startTestWorker(t));
  return { t, runId };
}

test('killed mid-chunk: the chunk is tried again; completed, every sample exactly once, no orphan files', async () => {
  const { t, runId } = await batchWithKilledWorker(2);
  const run = await runFinished(t.gql, runId, 60_000);
  expect(run).toMatchObject({ status: 'COMPLETED', progress: { total: 6, done: 6, failed: 0 } });
  const ids = await storedExternalIds(t.api.services.prisma, runId);
  expect(ids).toHaveLength(6);
  expect(new Set(ids).size).toBe(6);
  // The killed worker's chunk was taken again after its expiry, not finished by the killed worker.
  const [retried] = await t.api.services.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT max(retry_count)::int AS n FROM pgboss.job WHERE name = $1`, BATCH_QUEUE);
  expect(retried!.n).toBeGreaterThanOrEqual(1);
  expect(await artifactMismatch(t.api.services.prisma, t.config.artifactDir, runId)).toEqual({ orphans: [], missing: [] });
});

test("killed on the chunk's last try: its rows are recorded as failed with the reason, and the run completes", async () => {
  const { t, runId } = await batchWithKilledWorker(0);
  const run = await runFinished(t.gql, runId, 60_000);
  expect(run).toMatchObject({ status: 'COMPLETED', progress: { total: 6, done: 3, failed: 3 } });
  expect(run.failures).toHaveLength(3);
  for (const f of run.failures) expect(f.error).toMatch(/worker stopped \(killed or its machine lost\) for longer than 6 seconds, 1 time/);
  const ids = await storedExternalIds(t.api.services.prisma, runId);
  expect(ids).toHaveLength(3);
  expect(ids.filter((id) => run.failures.some((f: { externalId: string }) => f.externalId === id))).toEqual([]);
  expect(await artifactMismatch(t.api.services.prisma, t.config.artifactDir, runId)).toEqual({ orphans: [], missing: [] });
});
