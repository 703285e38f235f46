import { checkVjp, type VjpInput } from '../../support/vjp-check';

const scalar = (v: number): VjpInput => ({ shape: [], values: [v] });
const int64 = (shape: number[], values: number[]): VjpInput => ({ shape, values, dtype: 'int64' });

// Bases in [0.2, 1.2): fractional and negative powers stay real and finite.
describe('Pow VJP', () => {
  test.each([
    ['x² (constant scalar 2)', scalar(2), 17],
    ['√x (constant scalar 0.5)', scalar(0.5), 17],
    ['x³', scalar(3), 17],
    ['1/x (exponent -1)', scalar(-1), 17],
    ['x¹', scalar(1), 17],
    ['int64 exponent 2', int64([], [2]), 17],
    ['per-channel constant exponents [C,1]', { shape: [3, 1], values: [2, 0.5, -1.5] }, 17],
    ['int64 per-channel exponents', int64([3, 1], [1, 2, 3]), 17],
    ['x² at opset 13', scalar(2), 13],
    ['per-channel exponents at opset 13', { shape: [3, 1], values: [2, 0.5, -1.5] }, 13],
  ])('%s', async (_l, exponent, opset) => {
    const report = await checkVjp({ op: 'Pow', inputs: [{ shape: [2, 3, 4] }, exponent], positive: true, opset, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['same shapes', [2, 3, 4], [2, 3, 4], 17],
    ['broadcast exponent [C,1]', [2, 3, 4], [3, 1], 17],
    ['broadcast base [C,1] ^ [N,C,L]', [3, 1], [2, 3, 4], 17],
    ['scalar exponent, opset 13', [2, 3, 4], [], 13],
  ])('base and exponent both differentiated: %s', async (_l, a, e, opset) => {
    const report = await checkVjp({ op: 'Pow', inputs: [{ shape: a }, { shape: e }], positive: true, opset, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('constant base, differentiated exponent (2^x)', async () => {
    const report = await checkVjp({ op: 'Pow', inputs: [scalar(2), { shape: [2, 5] }], opset: 17 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['constant exponent 2', [scalar(2)]],
    ['unbatched exponent [C,1], both differentiated', [{ shape: [3, 1], unbatched: true }]],
  ])('probed at batch 2, run at batch 5: %s', async (_l, exponent) => {
    const report = await checkVjp({ op: 'Pow', inputs: [{ shape: [2, 3, 4] }, ...exponent], positive: true, eps: 1e-3, runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
