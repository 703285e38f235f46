/**
 * Binary, multi-label and regression models through the API: registered with their task, their
 * batch rows stored with what each task predicts (checked against the tiny models' own arithmetic)
 * and the truth the manifest gives, and analyzeSample with each task's truth field.
 */
import { encodeNpy } from 'gradcam-core';
import { BAD_TRUTH, startTaskRuns, TASK_DATASETS, TASKS, type TaskRuns } from './support/task-runs';
import { errorCode, ok } from './support/test-api';
import { tinyTensor } from './support/tiny-dataset';
import { TINY_HEADS, tinyScores, type TinyTask } from './support/tiny-onnx';

let s: TaskRuns;
beforeAll(async () => {
  s = await startTaskRuns();
});
afterAll(() => s.stop());

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const scoresOf = (task: TinyTask, level: number): number[] => tinyScores(task, tinyTensor(level));
const levelOf = (task: TinyTask, externalId: string): number => TASK_DATASETS[task].find((r) => r.id === externalId)!.level;

const SAMPLE = `id externalId task trueClass predictedClass targetClass confidence probabilities predictedLabels trueLabels values trueValue correct heatmaps { input }`;

async function runSamples(task: TinyTask) {
  const { run } = ok(await s.t.gql(`query($id: ID!) { run(id: $id) { status progress { total done failed } failures { externalId error } samples(first: 100) { nodes { ${SAMPLE} } } } }`, { id: s.runs[task] }));
  return run;
}

test('each model is registered with its task; the task of a row stored before tasks were is corrected on registering again', async () => {
  expect(TASKS.map((task) => s.models[task].task)).toEqual(['BINARY', 'MULTILABEL', 'REGRESSION']);
  expect(s.models.regression.classNames).toEqual(TINY_HEADS.regression.classes);
  await s.t.api.services.prisma.model.update({ where: { id: s.models.binary.id }, data: { task: 'MULTICLASS' } });
  const { registerModel } = ok(await s.t.gql('mutation { registerModel(path: "tiny-binary") { id task } }'));
  expect(registerModel).toEqual({ id: s.models.binary.id, task: 'BINARY' });
  expect(ok(await s.t.gql('{ models { task } }')).models.map((m: { task: string }) => m.task).sort()).toEqual(['BINARY', 'MULTILABEL', 'REGRESSION']);
});

test.each(TASKS)('a %s batch completes; the row with an unreadable truth fails alone', async (task) => {
  const run = await runSamples(task);
  const n = TASK_DATASETS[task].length;
  expect(run).toMatchObject({ status: 'COMPLETED', progress: { total: n, done: n - 1, failed: 1 } });
  expect(run.failures).toEqual([{ externalId: BAD_TRUTH[task], error: expect.stringMatching(task === 'regression' ? /value 'high' is not a number/ : task === 'binary' ? /label 'sick' is neither/ : /label 'bogus' is neither/) }]);
  expect(run.samples.nodes.every((x: { heatmaps: unknown[] }) => x.heatmaps.length === 1)).toBe(true);
});

test('binary rows: [1 − σ(z), σ(z)], class 1 from σ ≥ 0.5, the manifest class by index or name', async () => {
  for (const x of (await runSamples('binary')).samples.nodes) {
    const [z] = scoresOf('binary', levelOf('binary', x.externalId));
    const truth = TASK_DATASETS.binary.find((r) => r.id === x.externalId)!.truth;
    const trueClass = truth === '' ? null : truth === 'disease' ? 1 : Number(truth);
    expect(x.probabilities[1]).toBeCloseTo(sigmoid(z!), 5);
    expect(x.probabilities[0]).toBeCloseTo(1 - sigmoid(z!), 5);
    expect(x).toMatchObject({ task: 'BINARY', predictedClass: Number(sigmoid(z!) >= 0.5), trueClass, predictedLabels: null, trueLabels: null, values: null, trueValue: null });
    expect(x.confidence).toBeCloseTo(Math.max(sigmoid(z!), 1 - sigmoid(z!)), 5);
    expect(x.correct).toBe(trueClass === null ? null : trueClass === x.predictedClass);
  }
});

test('multi-label rows: σ per label, the labels with σ ≥ 0.5, the true labels of the manifest, correct = same set', async () => {
  const truths: Record<string, number[] | null> = { m01: [1], m02: [0], m03: [0, 1], m04: [], m05: [0], m06: null, m07: [0, 1], m08: [1] };
  for (const x of (await runSamples('multilabel')).samples.nodes) {
    const p = scoresOf('multilabel', levelOf('multilabel', x.externalId)).map(sigmoid);
    const predicted = [0, 1, 2].filter((k) => p[k]! >= 0.5);
    x.probabilities.forEach((v: number, k: number) => expect(v).toBeCloseTo(p[k]!, 5));
    expect(x).toMatchObject({ task: 'MULTILABEL', trueClass: null, predictedClass: p.indexOf(Math.max(...p)), predictedLabels: predicted, trueLabels: truths[x.externalId], values: null });
    expect(x.correct).toBe(truths[x.externalId] === null ? null : truths[x.externalId]!.join() === predicted.join());
  }
});

test('regression rows: the raw values, the manifest value; no class, confidence, probabilities or correct', async () => {
  for (const x of (await runSamples('regression')).samples.nodes) {
    const truth = TASK_DATASETS.regression.find((r) => r.id === x.externalId)!.truth;
    scoresOf('regression', levelOf('regression', x.externalId)).forEach((v, k) => expect(x.values[k]).toBeCloseTo(v, 5));
    expect(x).toMatchObject({ task: 'REGRESSION', trueClass: null, predictedClass: null, confidence: null, probabilities: [], predictedLabels: null, trueLabels: null, trueValue: truth === '' ? null : Number(truth), correct: null, targetClass: 0 });
  }
});

const ANALYZE = `mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { ${SAMPLE} } }`;
const image = (level: number) => [{ input: 'x', base64: Buffer.from(encodeNpy(tinyTensor(level), [1, 8, 8])).toString('base64') }];

test('analyzeSample stores each task\'s truth field', async () => {
  const multi = ok(await s.t.gql(ANALYZE, { input: { modelId: s.models.multilabel.id, externalId: 'adhoc-m', trueLabels: [2, 0, 2], targetClass: 1, images: image(0.6) } })).analyzeSample;
  expect(multi).toMatchObject({ predictedLabels: [0, 2], trueLabels: [0, 2], correct: true, targetClass: 1 });
  const none = ok(await s.t.gql(ANALYZE, { input: { modelId: s.models.multilabel.id, externalId: 'adhoc-m-none', trueLabels: [], images: image(0.1) } })).analyzeSample;
  expect(none).toMatchObject({ predictedLabels: [1], trueLabels: [], correct: false });
  const reg = ok(await s.t.gql(ANALYZE, { input: { modelId: s.models.regression.id, externalId: 'adhoc-r', trueValue: 1.5, targetClass: 1, images: image(0.3) } })).analyzeSample;
  expect(reg).toMatchObject({ trueValue: 1.5, correct: null, confidence: null, predictedClass: null, targetClass: 1 });
  expect(reg.values[0]).toBeCloseTo(1.6, 5);
  const bin = ok(await s.t.gql(ANALYZE, { input: { modelId: s.models.binary.id, externalId: 'adhoc-b', trueClass: 0, images: image(0.8) } })).analyzeSample;
  expect(bin).toMatchObject({ trueClass: 0, predictedClass: 1, correct: false });
});

test.each([
  ['trueClass for a multi-label model', 'multilabel', { trueClass: 0 }, /trueClass does not apply to model 'tiny-multilabel', a multilabel model/],
  ['trueLabels for a regression model', 'regression', { trueLabels: [0] }, /trueLabels does not apply to model 'tiny-regression', a regression model \(trueLabels is for multilabel models\)/],
  ['trueValue for a binary model', 'binary', { trueValue: 1 }, /trueValue does not apply .* \(trueValue is for regression models\)/],
  ['a label index out of range', 'multilabel', { trueLabels: [1, 3] }, /trueLabels: 3 is not a label index 0\.\.2/],
  ['a class index out of range', 'binary', { trueClass: 2 }, /trueClass 2 is not a class index 0\.\.1/],
] as const)('analyzeSample refuses %s and stores nothing', async (_name, task, truth, message) => {
  const before = await s.t.api.services.prisma.sample.count();
  const res = await s.t.gql(ANALYZE, { input: { modelId: s.models[task].id, externalId: `refused-${task}`, ...truth, images: image(0.5) } });
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]!.message).toMatch(message);
  expect(await s.t.api.services.prisma.sample.count()).toBe(before);
});
