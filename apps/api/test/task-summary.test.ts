/**
 * run { summary } of binary, multi-label and regression runs (computed in SQL) equals the same
 * statistics computed here from the stored rows (support/task-summary-reference.ts), on datasets
 * with tied scores, a label never true, unlabelled rows; then runs where a score is undefined.
 * And the samples filters per task: each one that applies equals a plain selection of the rows,
 * each one that does not is BAD_USER_INPUT.
 */
import { encodeNpy } from 'gradcam-core';
import { expectCloseDeep } from './support/close-to';
import { startTaskRuns, type TaskRuns } from './support/task-runs';
import { binaryAuc } from '../src/modules/summary/binary.sql';
import { binaryReference, multiLabelReference, pairwiseAuc, regressionReference } from './support/task-summary-reference';
import { errorCode, ok } from './support/test-api';
import { tinyTensor } from './support/tiny-dataset';

let s: TaskRuns;
beforeAll(async () => {
  s = await startTaskRuns();
});
afterAll(() => s.stop());

const SUMMARY = `query($id: ID!) { run(id: $id) { summary {
  task count labelled accuracy balancedAccuracy macroF1 quadraticWeightedKappa expectedCalibrationError confusionMatrix
  perClass { classIndex } calibration { count } contributions { predictedClass className count }
  binary { positiveClass positiveClassName threshold rocAuc }
  multiLabel { threshold exactMatchRatio hammingLoss macroPrecision macroRecall macroF1 macroRocAuc
    perLabel { labelIndex labelName precision recall f1 rocAuc support predicted } }
  regression { output outputName mae rmse pearson meanTrue meanPredicted }
} } }`;

const summaryOf = async (runId: string) => ok(await s.t.gql(SUMMARY, { id: runId })).run.summary;
const rowsOf = (runId: string) => s.t.api.services.prisma.sample.findMany({ where: { runId } });

test('the pairwise AUC reference on hand-worked cases', () => {
  const of = (pairs: [number, boolean][]) => pairwiseAuc(pairs.map(([score, positive]) => ({ score, positive })));
  expect(of([[0.9, true], [0.1, false]])).toBe(1);
  expect(of([[0.5, true], [0.5, false]])).toBe(0.5);
  // positives 0.8, 0.4; negatives 0.4, 0.2: (1 + 1 + 0.5 + 1) / 4
  expect(of([[0.8, true], [0.4, true], [0.4, false], [0.2, false]])).toBe(0.875);
  expect(of([[0.8, true], [0.4, true]])).toBeNull();
});

test('binary: ROC AUC with ties and the threshold, beside the classification scores of two classes', async () => {
  const rows = await rowsOf(s.runs.binary);
  const summary = await summaryOf(s.runs.binary);
  const want = binaryReference(rows);
  // Ties in the data: b01/b02 and b06/b07 have equal scores and different classes.
  expect(want.rocAuc).not.toBeNull();
  expect(want.rocAuc).not.toBe(1);
  expectCloseDeep(summary.binary, { ...want, positiveClassName: 'disease' });
  expect(summary).toMatchObject({ task: 'BINARY', count: 10, labelled: 9 });
  expect(summary.confusionMatrix).toHaveLength(2);
  expect(summary.accuracy).toBeCloseTo(rows.filter((r) => r.correct).length / 9, 12);
  expect(summary.multiLabel).toBeNull();
  expect(summary.regression).toBeNull();
});

test('binary AUC: all scores tied is one half; one class only is null', async () => {
  const prisma = s.t.api.services.prisma;
  const run = await prisma.run.create({ data: { modelId: s.models.binary.id, kind: 'BATCH', name: 'ties', status: 'COMPLETED' } });
  const base = { runId: run.id, predictedClass: 1, targetClass: 1, confidence: 0.7, probabilities: [0.3, 0.7], method: 'gradcam', device: 'cpu', engineMs: 1 };
  await prisma.sample.createMany({ data: [1, 1, 1].map((trueClass, i) => ({ ...base, externalId: `p${i}`, trueClass, correct: true })) });
  expect(await binaryAuc(prisma, run.id)).toBeNull();
  expect((await summaryOf(run.id)).binary.rocAuc).toBeNull();
  await prisma.sample.createMany({ data: [0, 0].map((trueClass, i) => ({ ...base, externalId: `n${i}`, trueClass, correct: false })) });
  expect((await summaryOf(run.id)).binary.rocAuc).toBe(0.5);
});

test('multi-label: per-label precision, recall, F1 and AUC, their macro means, exact match and Hamming loss', async () => {
  const rows = await rowsOf(s.runs.multilabel);
  const { labelled, summary: want } = multiLabelReference(rows, s.models.multilabel.classNames);
  const summary = await summaryOf(s.runs.multilabel);
  // Label 2 is never true: recall 0, AUC undefined, still in the macro P/R/F1 (it is predicted).
  expect(want.perLabel[2]).toMatchObject({ support: 0, recall: 0, rocAuc: null });
  expect(want.perLabel[2]!.predicted).toBeGreaterThan(0);
  expectCloseDeep(summary.multiLabel, want);
  expect(summary).toMatchObject({ task: 'MULTILABEL', count: 8, labelled, accuracy: null, macroF1: null, quadraticWeightedKappa: null, expectedCalibrationError: null, confusionMatrix: [], perClass: [], calibration: [], binary: null, regression: null });
  expect(labelled).toBe(7);
  expect(summary.contributions.map((c: { className: string }) => c.className).every((n: string) => s.models.multilabel.classNames.includes(n))).toBe(true);
});

test('regression: MAE, RMSE and Pearson r of output 0 over the samples with a true value; no classification fields', async () => {
  const rows = await rowsOf(s.runs.regression);
  const { labelled, summary: want } = regressionReference(rows, 'severity');
  expect(labelled).toBe(6);
  const summary = await summaryOf(s.runs.regression);
  expectCloseDeep(summary.regression, want);
  expect(summary).toMatchObject({ task: 'REGRESSION', count: 7, labelled: 6, accuracy: null, confusionMatrix: [], perClass: [], calibration: [], contributions: [], binary: null, multiLabel: null });
});

const ANALYZE = `mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { id } }`;
const image = (level: number) => [{ input: 'x', base64: Buffer.from(encodeNpy(tinyTensor(level), [1, 8, 8])).toString('base64') }];

test('regression with constant predictions: Pearson r undefined; multi-label with no labelled sample: no scores', async () => {
  for (const [i, trueValue] of [1, 2].entries()) ok(await s.t.gql(ANALYZE, { input: { modelId: s.models.regression.id, externalId: `const-${i}`, trueValue, images: image(0.4) } }));
  const adhoc = await s.t.api.services.prisma.run.findFirstOrThrow({ where: { modelId: s.models.regression.id, kind: 'ADHOC' } });
  const { summary: want } = regressionReference(await rowsOf(adhoc.id), 'severity');
  expect(want.pearson).toBeNull();
  expectCloseDeep((await summaryOf(adhoc.id)).regression, want);

  ok(await s.t.gql(ANALYZE, { input: { modelId: s.models.multilabel.id, externalId: 'unlabelled', images: image(0.4) } }));
  const multi = await s.t.api.services.prisma.run.findFirstOrThrow({ where: { modelId: s.models.multilabel.id, kind: 'ADHOC' } });
  const summary = await summaryOf(multi.id);
  expect(summary).toMatchObject({ count: 1, labelled: 0, multiLabel: { exactMatchRatio: null, hammingLoss: null, macroF1: null, macroRocAuc: null } });
  expect(summary.multiLabel.perLabel.map((l: { support: number; rocAuc: null }) => [l.support, l.rocAuc])).toEqual([[0, null], [0, null], [0, null]]);
});

const PAGE = `query($id: ID!, $filter: SampleFilter, $orderBy: SampleOrder) { run(id: $id) { samples(filter: $filter, orderBy: $orderBy, first: 500) { totalCount nodes { id } } } }`;
type Row = Awaited<ReturnType<typeof rowsOf>>[number];

async function expectSelection(runId: string, filter: object, keep: (r: Row) => boolean, orderBy = 'EXTERNAL_ID'): Promise<void> {
  const rows = (await rowsOf(runId)).filter(keep);
  const order = orderBy === 'CONFIDENCE_DESC' ? (a: Row, b: Row) => b.confidence! - a.confidence! || (a.id < b.id ? 1 : -1) : (a: Row, b: Row) => (a.externalId < b.externalId ? -1 : 1);
  const want = rows.sort(order).map((r) => r.id);
  const { samples } = ok(await s.t.gql(PAGE, { id: runId, filter, orderBy })).run;
  expect(samples.nodes.map((n: { id: string }) => n.id)).toEqual(want);
  expect(samples.totalCount).toBe(want.length);
}

test.each([
  ['binary', { trueClass: 1 }, (r: Row) => r.trueClass === 1],
  ['binary', { misclassified: true, predictedClass: 1 }, (r: Row) => r.correct === false && r.predictedClass === 1],
  ['binary', { minConfidence: 0.6 }, (r: Row) => r.confidence! >= 0.6],
  ['multilabel', { trueLabel: 0 }, (r: Row) => r.correct !== null && r.trueLabels.includes(0)],
  ['multilabel', { predictedLabel: 2, misclassified: true }, (r: Row) => r.predictedLabels.includes(2) && r.correct === false],
  ['multilabel', { misclassified: false }, (r: Row) => r.correct === true],
  ['multilabel', { predictedClass: 0, minConfidence: 0.55 }, (r: Row) => r.predictedClass === 0 && r.confidence! >= 0.55],
  ['regression', {}, () => true],
] as const)('%s samples(filter: %j) are the rows it names', async (task, filter, keep) => {
  await expectSelection(s.runs[task], filter, keep);
  if (task !== 'regression') await expectSelection(s.runs[task], filter, keep, 'CONFIDENCE_DESC');
});

test.each([
  ['binary', { trueLabel: 0 }, undefined, /the filter trueLabel does not apply to a binary run/],
  ['multilabel', { trueClass: 0 }, undefined, /the filter trueClass does not apply to a multilabel run \(use trueLabel\)/],
  ['regression', { misclassified: true, minConfidence: 0.2 }, undefined, /the filters misclassified, minConfidence do not apply to a regression run/],
  ['regression', { predictedClass: 0 }, undefined, /predictedClass does not apply/],
  ['regression', {}, 'CONFIDENCE_DESC', /a regression run's samples have no confidence to order by/],
] as const)('%s samples(filter: %j, orderBy: %s) is BAD_USER_INPUT', async (task, filter, orderBy, message) => {
  const res = await s.t.gql(PAGE, { id: s.runs[task], filter, orderBy });
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]!.message).toMatch(message);
});
