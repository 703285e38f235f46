import { checkVjp } from '../../support/vjp-check';

describe('Expand VJP', () => {
  test.each([
    ['[1,C,1] to [N,C,L]', [1, 3, 1], [2, 3, 4], 17],
    ['rank grows: [C,1] to [N,C,L]', [3, 1], [2, 3, 4], 17],
    ['[N,1,W] to [N,C,W]', [2, 1, 4], [2, 3, 4], 17],
    ['shape of lower rank and ones: [N,C] by [1,1] (no broadcast)', [2, 3], [1, 1], 17],
    ['shape with ones keeps input dims: [N,1,W] by [3,1]', [2, 1, 4], [3, 1], 17],
    ['[C] to [N,H,C], opset 13', [3], [2, 4, 3], 13],
  ])('%s', async (_l, xShape, shape, opset) => {
    const report = await checkVjp({ op: 'Expand', inputs: [{ shape: xShape }, { shape: [shape.length], values: shape, dtype: 'int64' }], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5: [N,1,W] by [3,1] (the shape holds no batch)', async () => {
    const report = await checkVjp({ op: 'Expand', inputs: [{ shape: [2, 1, 4] }, { shape: [2], values: [3, 1], dtype: 'int64' }], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
