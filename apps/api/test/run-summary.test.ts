/** run { summary } (computed in SQL) equals the same statistics computed here from the stored rows. */
import { createSyntheticRun } from '../src/bench/synthetic-run';
import { expectCloseDeep } from './support/close-to';
import { referenceSummary } from './support/summary-reference';
import { ok, startTestApi, type TestApi } from './support/test-api';

const SUMMARY = `query($id: ID!) { run(id: $id) { summary {
  count labelled accuracy balancedAccuracy macroF1 quadraticWeightedKappa confusionMatrix
  perClass { classIndex className precision recall f1 support predicted }
  meanConfidenceCorrect meanConfidenceWrong expectedCalibrationError
  calibration { lower upper count accuracy meanConfidence }
  contributions { predictedClass className count inputs { input value } }
} } }`;

let t: TestApi;
let model: { id: string; inputs: string[]; classNames: string[] };

beforeAll(async () => {
  t = await startTestApi();
  model = await t.api.services.prisma.model.findFirstOrThrow();
});
afterAll(() => t.stop());

async function check(runId: string): Promise<void> {
  const rows = await t.api.services.prisma.sample.findMany({ where: { runId } });
  const want = referenceSummary(rows, model.classNames.length, model.inputs);
  const { summary } = ok(await t.gql(SUMMARY, { id: runId })).run;
  expectCloseDeep(summary, want);
  expect(summary.perClass.map((c: { className: string }) => c.className)).toEqual(model.classNames);
}

test.each([
  [1000, 0.42],
  [137, 0.9],
])('summary of a synthetic run of %d samples equals the reference', async (n, seed) => {
  await check(await createSyntheticRun(t.api.services.prisma, model.id, n, { seed }));
});

test('summary of a run with one class everywhere: kappa undefined, not a division by zero', async () => {
  const runId = await createSyntheticRun(t.api.services.prisma, model.id, 20);
  await t.api.services.prisma.sample.updateMany({ where: { runId }, data: { trueClass: 2, predictedClass: 2, correct: true } });
  await check(runId);
  const { summary } = ok(await t.gql(SUMMARY, { id: runId })).run;
  expect(summary).toMatchObject({ accuracy: 1, quadraticWeightedKappa: null, meanConfidenceWrong: null });
});

test('summary after samples are deleted, and after a whole run is deleted', async () => {
  const runId = await createSyntheticRun(t.api.services.prisma, model.id, 300, { seed: 0.7 });
  await t.api.services.prisma.sample.deleteMany({ where: { runId, predictedClass: 1 } });
  await check(runId);
  await t.api.services.prisma.run.delete({ where: { id: runId } });
  expect(await t.api.services.prisma.runGroup.count({ where: { runId } })).toBe(0);
});

test('summary of an empty run', async () => {
  const run = await t.api.services.prisma.run.findFirstOrThrow({ where: { kind: 'ADHOC' } });
  await check(run.id);
  const { summary } = ok(await t.gql(SUMMARY, { id: run.id })).run;
  expect(summary).toMatchObject({ count: 0, labelled: 0, accuracy: null, macroF1: null, expectedCalibrationError: null, contributions: [] });
});
