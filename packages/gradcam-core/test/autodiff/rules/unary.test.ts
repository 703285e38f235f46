import { checkVjp } from '../../support/vjp-check';

/** Smooth element-wise ops on any input: the same cases for each. */
describe.each(['Exp', 'Neg', 'Sigmoid', 'Tanh'])('%s VJP', (op) => {
  test.each([
    ['[N,C,H,W]', [2, 3, 4, 4], 17],
    ['[N,K]', [3, 7], 17],
    ['opset 13', [2, 5], 13],
  ])('%s', async (_l, shape, opset) => {
    const report = await checkVjp({ op, inputs: [{ shape }], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5', async () => {
    const report = await checkVjp({ op, inputs: [{ shape: [2, 3, 4] }], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
