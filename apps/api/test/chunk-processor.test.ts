/** One chunk with bad rows: each fails alone with its reason; the good ones are stored; a retried chunk adds nothing. */
import { randomUUID } from 'node:crypto';
import { processChunk } from '../src/jobs/chunk-processor';
import { demoImagePaths } from './support/demo-samples';
import { startTestApi, type TestApi } from './support/test-api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.stop());

const files = (id: string): Record<string, string> => Object.fromEntries(demoImagePaths(id).map((i) => [i.input, i.path]));

test('bad rows fail alone, and a chunk run twice stores each row once', async () => {
  const { prisma } = t.api.services;
  const model = await prisma.model.findFirstOrThrow();
  const run = await prisma.run.create({ data: { modelId: model.id, kind: 'BATCH', name: 'chunk', method: 'gradcam', status: 'QUEUED', total: 4 } });
  const job = {
    runId: run.id,
    rows: [
      { line: 2, externalId: 's0001', files: files('s0001'), trueClass: 1 },
      { line: 3, externalId: 'noimage', files: { ...files('s0002'), ga: 'demo/samples/images/missing.png' }, trueClass: 0 },
      { line: 4, externalId: 'flagged', files: {}, trueClass: null, problem: 'line 4: no file for input mnv' },
      { line: 5, externalId: 's0003', files: files('s0003'), trueClass: null },
    ],
  };
  expect(await processChunk(t.api.services, job)).toEqual({ analysed: 2, failed: 2, skipped: 0 });
  expect(await processChunk(t.api.services, job)).toEqual({ analysed: 0, failed: 0, skipped: 4 });
  const stored = await prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { failures: { orderBy: { line: 'asc' } }, samples: true } });
  expect(stored).toMatchObject({ status: 'COMPLETED', doneCount: 2, failedCount: 2 });
  expect(stored.samples.map((s) => s.externalId).sort()).toEqual(['s0001', 's0003']);
  expect(stored.failures.map((f) => [f.externalId, f.error])).toEqual([
    ['noimage', expect.stringMatching(/does not exist under the data root/)],
    ['flagged', 'line 4: no file for input mnv'],
  ]);
  expect(await processChunk(t.api.services, { runId: randomUUID(), rows: job.rows })).toEqual({ analysed: 0, failed: 0, skipped: 4 });
});
