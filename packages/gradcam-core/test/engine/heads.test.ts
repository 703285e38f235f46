/**
 * The three heads beside softmax (compile/head.ts) on a small in-memory classifier: the
 * probabilities each reports, the class it predicts, and the score its maps explain — checked
 * against the logits of the same run and against the gradient of the opposite target.
 */
import { CompileCache } from '../../src/compile/cache';
import { compileCam } from '../../src/compile/compiler';
import { TaskMismatchError } from '../../src/compile/head';
import { CamEngine, type InputTensor } from '../../src/runtime/engine';
import { randomValues, rng } from '../support/random';
import { tinyClassifier, type TinyOptions } from '../support/tiny-model';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const batch = (n: number, seed: number): Record<string, InputTensor> => ({ image: { data: randomValues(n * 64, rng(seed)), dims: [n, 1, 8, 8] } });

async function withEngine<T>(options: TinyOptions, use: (engine: CamEngine) => Promise<T>): Promise<T> {
  const engine = await CamEngine.create(tinyClassifier(options), { device: 'cpu', exposeGradients: true, cache: new CompileCache(null) });
  try {
    return await use(engine);
  } finally {
    await engine.dispose();
  }
}

const flat = (rows: ArrayLike<number>[]): number[] => rows.flatMap((r) => [...Array.from(r)]);

describe('binary head: one logit z', () => {
  // The bias centres z on these inputs, so that both classes are predicted.
  const binary: TinyOptions = { outputs: 1, bias: [-0.075], config: { task: 'binary', classes: ['absent', 'present'] } };

  test('probabilities [1 − σ(z), σ(z)], the predicted class from σ(z) ≥ 0.5, two classes to explain', () =>
    withEngine(binary, async (engine) => {
      const out = await engine.run(batch(6, 1));
      expect(out.task).toBe('binary');
      out.scores.forEach((z, row) => {
        const p = sigmoid(z[0]!);
        expect(out.probabilities[row]![0]).toBeCloseTo(1 - p, 6);
        expect(out.probabilities[row]![1]).toBeCloseTo(p, 6);
        expect(out.predictedClass[row]).toBe(p >= 0.5 ? 1 : 0);
        expect(out.confidence[row]).toBeCloseTo(Math.max(p, 1 - p), 6);
      });
      // The default explains the predicted class; the batch holds both (else the seed proves nothing).
      expect(out.targetClass).toEqual(out.predictedClass);
      expect(new Set(out.predictedClass).size).toBe(2);
    }));

  test('class 1 explains z and class 0 explains −z: opposite gradients, different maps', () =>
    withEngine(binary, async (engine) => {
      const inputs = batch(2, 2);
      const positive = await engine.run(inputs, 1);
      const negative = await engine.run(inputs, 0);
      const g1 = positive.gradients!.image!.data;
      const g0 = negative.gradients!.image!.data;
      expect(g1.some((v) => v !== 0)).toBe(true);
      g1.forEach((v, i) => expect(g0[i]).toBeCloseTo(-v, 6));
      expect(flat(positive.heatmaps.image!)).not.toEqual(flat(negative.heatmaps.image!));
    }));

  test('a [N,1] output named multiclass is refused, not given a softmax over one class', async () => {
    const err = await compileCam(tinyClassifier({ outputs: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskMismatchError);
    expect((err as Error).message).toMatch(/task "multiclass" needs two or more scores per row, but output 'logits' has 1: a one-logit head is "task": "binary"/);
  });
});

describe('multilabel head: σ per label', () => {
  const multilabel: TinyOptions = { outputs: 4, config: { task: 'multilabel', classes: ['mnv', 'fluid', 'ga', 'drusen'] } };

  test('σ(z_k) per label, every label above 0.5 predicted, target k explains z_k alone', () =>
    withEngine(multilabel, async (engine) => {
      const inputs = batch(5, 3);
      const out = await engine.run(inputs, [0, 1, 2, 3, 0]);
      out.scores.forEach((z, row) => {
        z.forEach((v, k) => expect(out.probabilities[row]![k]).toBeCloseTo(sigmoid(v), 6));
        expect(out.predictedLabels![row]).toEqual([...z.keys()].filter((k) => sigmoid(z[k]!) >= 0.5));
      });
      expect(out.predictedLabels!.some((labels) => labels.length > 1)).toBe(true);
      expect(out.targetClass).toEqual([0, 1, 2, 3, 0]);
      // Row 4 repeats row 0's target on another sample; row 0 with label 1 gives another gradient.
      const other = await engine.run(inputs, 1);
      expect(flat([other.gradients!.image!.data])).not.toEqual(flat([out.gradients!.image!.data]));
    }));
});

describe('regression head: raw values', () => {
  const regression: TinyOptions = { outputs: 2, config: { task: 'regression', classes: ['severity', 'area'] } };

  test('no probabilities invented, nothing predicted; output 0 by default, output k on request', () =>
    withEngine(regression, async (engine) => {
      const inputs = batch(3, 4);
      const out = await engine.run(inputs);
      expect(out.probabilities.every((p) => p.length === 0)).toBe(true);
      expect(out.predictedClass).toEqual([-1, -1, -1]);
      expect(out.confidence.every(Number.isNaN)).toBe(true);
      expect(out.targetClass).toEqual([0, 0, 0]);
      const second = await engine.run(inputs, 1);
      expect(second.targetClass).toEqual([1, 1, 1]);
      expect(flat([second.gradients!.image!.data])).not.toEqual(flat([out.gradients!.image!.data]));
      await expect(engine.run(inputs, 2)).rejects.toThrow(/target class 2 is not a class index 0..1 \(severity, area\)/);
    }));
});

describe('a task that contradicts the output', () => {
  test.each([
    ['binary with 4 outputs', { outputs: 4, config: { task: 'binary' as const, classes: ['no', 'yes'] } }, /task "binary" needs one logit per row, but output 'logits' has 4 values per row/],
    ['regression with the wrong number of names', { outputs: 2, config: { task: 'regression' as const, classes: ['severity'] } }, /task "regression" with 1 name\(s\) in "classes", but output 'logits' has 2 values per row/],
    ['multilabel with the wrong number of labels', { outputs: 3, config: { task: 'multilabel' as const, classes: ['a', 'b'] } }, /task "multilabel" with 2 name\(s\) in "classes", but output 'logits' has 3 values per row/],
  ])('%s: one line naming both', async (_name, options, message) => {
    const err = await compileCam(tinyClassifier(options)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskMismatchError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });
});
