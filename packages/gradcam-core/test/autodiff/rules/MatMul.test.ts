import { checkVjp, type VjpInput } from '../../support/vjp-check';
import { randomValues, rng } from '../../support/random';

const weights = (shape: number[], seed = 7): VjpInput => ({ shape, values: Array.from(randomValues(shape.reduce((p, d) => p * d, 1), rng(seed))) });

describe('MatMul VJP', () => {
  test.each([
    ['2-D · 2-D', [3, 4], [4, 5]],
    ['batched 3-D · 3-D', [2, 3, 4], [2, 4, 5]],
    ['4-D · 2-D (Linear on NHWC, weight gradient summed over N,H,W)', [2, 3, 2, 4], [4, 5]],
    ['2-D · 4-D', [3, 4], [2, 2, 4, 5]],
    ['broadcast batch dims [2,1,3,4] · [3,4,5]', [2, 1, 3, 4], [3, 4, 5]],
    ['broadcast batch dims [2,3,3,4] · [1,3,4,5]', [2, 3, 3, 4], [1, 3, 4, 5]],
    ['1-D · 1-D (dot product)', [4], [4]],
    ['1-D · 3-D', [4], [2, 4, 5]],
    ['3-D · 1-D', [2, 3, 4], [4]],
    ['1-D · 2-D', [4], [4, 3]],
    ['2-D · 1-D', [3, 4], [4]],
  ])('%s, both operands variable', async (_label, a, m) => {
    const report = await checkVjp({ op: 'MatMul', inputs: [{ shape: a }, { shape: m }] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('constant 2-D weight on the right (only the activation needs a gradient), opset 13', async () => {
    const report = await checkVjp({ op: 'MatMul', inputs: [{ shape: [2, 3, 3, 8] }, weights([8, 6])], opset: 13 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('constant left operand', async () => {
    const report = await checkVjp({ op: 'MatMul', inputs: [weights([3, 4]), { shape: [2, 4, 5] }] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['activation · constant weight', [{ shape: [2, 3, 4, 8] }, weights([8, 6])]],
    ['activation · variable weight (weight gradient summed over the batch)', [{ shape: [2, 5, 8] }, { shape: [8, 6], unbatched: true }]],
    ['variable [1,4,5] broadcast against the batch', [{ shape: [2, 3, 4] }, { shape: [1, 4, 5], unbatched: true }]],
    ['3-D · 1-D', [{ shape: [2, 3, 4] }, { shape: [4], unbatched: true }]],
    // A 1-D operand whose length scales with the batch (contracted over it): no [1, k] baked in.
    ['1-D [N] · 2-D [N, 3]', [{ shape: [2] }, { shape: [2, 3] }]],
  ] satisfies Array<[string, VjpInput[]]>)('compiled at batch 2, run at batch 3: %s', async (_label, inputs) => {
    const report = await checkVjp({ op: 'MatMul', inputs, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
