import { checkVjp } from '../../support/vjp-check';

describe('Sqrt VJP', () => {
  test.each([
    ['[N,C,H,W]', [2, 3, 4, 4], 17],
    ['[N,K]', [3, 7], 17],
    ['opset 13', [2, 5], 13],
  ])('%s', async (_l, shape, opset) => {
    const report = await checkVjp({ op: 'Sqrt', inputs: [{ shape }], opset, positive: true, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5', async () => {
    const report = await checkVjp({ op: 'Sqrt', inputs: [{ shape: [2, 3, 4] }], runBatch: 5, positive: true, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
