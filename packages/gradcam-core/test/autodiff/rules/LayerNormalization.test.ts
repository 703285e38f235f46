import { attr } from '../../../src/onnx/attributes';
import type { Attribute } from '../../../src/onnx/ir';
import { checkVjp, type VjpInput } from '../../support/vjp-check';
import { randomValues, rng } from '../../support/random';

const constant = (shape: number[], seed: number): VjpInput => ({ shape, values: Array.from(randomValues(shape.reduce((p, d) => p * d, 1), rng(seed))) });

describe('LayerNormalization VJP', () => {
  const cases: Array<[string, number[], number[], Attribute[]]> = [
    ['last axis (default), transformer tokens', [2, 5, 8], [8], []],
    ['ConvNeXt NHWC, epsilon 1e-6', [2, 3, 3, 6], [6], [attr.float('epsilon', 1e-6)]],
    ['axis 1 over C,H,W', [2, 3, 4, 4], [3, 4, 4], [attr.int('axis', 1)]],
    ['negative axis -2, large epsilon (epsilon is used)', [3, 4, 5], [4, 5], [attr.int('axis', -2), attr.float('epsilon', 0.5)]],
    ['scale broadcast along a normalised axis', [2, 4, 5], [1, 5], [attr.int('axis', 1)]],
  ];
  test.each(cases)('%s: only x differentiable (constant γ, β)', async (_label, xShape, pShape, attrs) => {
    const report = await checkVjp({ op: 'LayerNormalization', inputs: [{ shape: xShape }, constant(pShape, 3), constant(pShape, 5)], attrs });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each(cases)('%s: x, γ and β all differentiable', async (_label, xShape, pShape, attrs) => {
    const report = await checkVjp({ op: 'LayerNormalization', inputs: [{ shape: xShape }, { shape: pShape }, { shape: pShape }], attrs });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('no bias input', async () => {
    const report = await checkVjp({ op: 'LayerNormalization', inputs: [{ shape: [2, 3, 6] }, { shape: [6] }] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('gradient into the Mean output is refused by name', async () => {
    const run = checkVjp({ op: 'LayerNormalization', inputs: [{ shape: [2, 6] }, constant([6], 3)], outputs: 3, seeded: [0, 1] });
    await expect(run).rejects.toMatchObject({ name: 'UnsupportedOpError', message: expect.stringContaining('Mean or InvStdDev') });
  });

  test('compiled at batch 2, run at batch 3 (γ, β variable: summed over the batch)', async () => {
    const inputs: VjpInput[] = [{ shape: [2, 3, 8] }, { shape: [8], unbatched: true }, { shape: [8], unbatched: true }];
    const report = await checkVjp({ op: 'LayerNormalization', inputs, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
