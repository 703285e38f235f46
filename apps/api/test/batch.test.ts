/**
 * startBatch through the pg-boss queue: 50 demo samples, chunks of 5, two workers competing for
 * the jobs; every sample analysed exactly once. Then cancelRun and deleteRun.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runFinished, START_BATCH } from './support/batch-run';
import { DEMO_SAMPLES_DIR } from './support/demo-samples';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';
import { startTestWorker, type TestWorker } from './support/test-worker';
import { waitFor } from './support/wait-for';


let t: TestApi;
let modelId: string;
let workers: TestWorker[] = [];

/** The manifest's first n rows: id -> label. */
function manifestLabels(n: number): Map<string, number> {
  const [, ...lines] = readFileSync(join(DEMO_SAMPLES_DIR, 'manifest.csv'), 'utf8').trim().split('\n');
  return new Map(lines.slice(0, n).map((l) => l.split(',')).map((f) => [f[0]!, Number(f[5])]));
}

beforeAll(async () => {
  t = await startTestApi();
  modelId = ok(await t.gql('{ models { id } }')).models[0].id;
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await t.stop();
});

let batchRunId: string;

test('a batch of 50 demo samples with two workers: each sample analysed exactly once', async () => {
  workers = await Promise.all([startTestWorker(t), startTestWorker(t)]);
  const { startBatch } = ok(await t.gql(START_BATCH, { input: { modelId, dataset: 'demo/samples/manifest.csv', name: 'fifty', method: 'gradcam', batchSize: 5, limit: 50 } }));
  expect(startBatch).toMatchObject({ status: 'QUEUED', kind: 'BATCH', method: 'gradcam', dataset: 'demo/samples/manifest.csv', progress: { total: 50, done: 0, failed: 0 } });
  batchRunId = startBatch.id;

  const run = await runFinished(t.gql, batchRunId);
  expect(run).toMatchObject({ status: 'COMPLETED', progress: { total: 50, done: 50, failed: 0 }, failures: [] });
  expect(run.startedAt).not.toBeNull();
  expect(run.finishedAt).not.toBeNull();

  const samples = await t.api.services.prisma.sample.findMany({ where: { runId: batchRunId }, include: { heatmaps: true } });
  const labels = manifestLabels(50);
  expect(samples).toHaveLength(50);
  expect(new Set(samples.map((s) => s.externalId))).toEqual(new Set(labels.keys()));
  for (const s of samples) {
    expect(s.trueClass).toBe(labels.get(s.externalId));
    expect(s.heatmaps).toHaveLength(4);
    // Each input's heat-map source is stored; its PNGs are drawn when first requested.
    expect(readdirSync(dirname(t.api.services.artifacts.pathOf(s.heatmaps[0]!.url))).sort()).toEqual(['heatmaps.bin']);
  }
  const stats = workers.map((w) => w.worker.stats);
  expect(stats.reduce((a, s) => a + s.analysed, 0)).toBe(50);
  expect(stats.reduce((a, s) => a + s.jobs, 0)).toBe(10);
  expect(stats.every((s) => s.jobs > 0 && s.skipped === 0 && s.failed === 0)).toBe(true);
});

test('cancelRun: chunks not yet started are dropped', async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
  const { startBatch } = ok(await t.gql(START_BATCH, { input: { modelId, dataset: 'demo/samples', batchSize: 4, limit: 12 } }));
  const { cancelRun } = ok(await t.gql('mutation($id: ID!) { cancelRun(id: $id) { status finishedAt } }', { id: startBatch.id }));
  expect(cancelRun.status).toBe('CANCELLED');
  workers = [await startTestWorker(t)];
  await waitFor('the cancelled chunks to be dropped', async () => (workers[0]!.worker.stats.skipped === 12 ? true : undefined));
  expect(await t.api.services.prisma.sample.count({ where: { runId: startBatch.id } })).toBe(0);
  expect(errorCode(await t.gql('mutation($id: ID!) { cancelRun(id: $id) { status } }', { id: startBatch.id }))).toBe('BAD_USER_INPUT');
});

test('deleteRun removes the run, its rows and its files', async () => {
  const urls = (await t.api.services.prisma.heatmap.findMany({ where: { sample: { runId: batchRunId } } })).map((h) => h.url);
  expect((await fetch(`${t.api.url}${urls[0]}`)).status).toBe(200);
  expect(ok(await t.gql('mutation($id: ID!) { deleteRun(id: $id) }', { id: batchRunId }))).toEqual({ deleteRun: true });
  expect(ok(await t.gql('query($id: ID!) { run(id: $id) { id } }', { id: batchRunId })).run).toBeNull();
  expect(await t.api.services.prisma.sample.count({ where: { runId: batchRunId } })).toBe(0);
  expect(await t.api.services.prisma.heatmap.count({ where: { sample: { runId: batchRunId } } })).toBe(0);
  expect(existsSync(join(t.config.artifactDir, 'runs', batchRunId))).toBe(false);
  expect((await fetch(`${t.api.url}${urls[0]}`)).status).toBe(404);
});

test('bad batch requests are refused before anything is queued', async () => {
  const runsBefore = await t.api.services.prisma.run.count();
  const adhoc = await t.api.services.prisma.run.findFirstOrThrow({ where: { kind: 'ADHOC' } });
  expect(errorCode(await t.gql('mutation($id: ID!) { deleteRun(id: $id) }', { id: adhoc.id }))).toBe('BAD_USER_INPUT');
  expect(errorCode(await t.gql(START_BATCH, { input: { modelId, dataset: '../../etc/passwd' } }))).toBe('BAD_USER_INPUT');
  expect(errorCode(await t.gql(START_BATCH, { input: { modelId, dataset: 'demo/gradcam.json' } }))).toBe('BAD_USER_INPUT');
  expect(errorCode(await t.gql(START_BATCH, { input: { modelId, dataset: 'demo/samples', batchSize: 0 } }))).toBe('BAD_USER_INPUT');
  expect(await t.api.services.prisma.run.count()).toBe(runsBefore);
});
