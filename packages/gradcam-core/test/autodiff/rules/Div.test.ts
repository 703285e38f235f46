import { checkVjp } from '../../support/vjp-check';

// Denominators stay away from 0: inputs in [0.2, 1.2); a small eps keeps the difference quotient
// of 1/b (large third derivative near 0.2) accurate.
describe('Div VJP', () => {
  test.each([
    ['same shapes', [2, 3, 4], [2, 3, 4]],
    ['per-channel [N,C,H,W]/[N,C,1,1]', [2, 3, 4, 4], [2, 3, 1, 1]],
    ['rank broadcast [N,C,H,W]/[W]', [2, 3, 2, 5], [5]],
    ['both broadcast [N,1,W]/[1,C,1]', [3, 1, 4], [1, 2, 1]],
    ['broadcast numerator [C,1,1]/[N,C,H,W]', [3, 1, 1], [2, 3, 2, 2]],
  ])('%s', async (_l, a, b) => {
    const report = await checkVjp({ op: 'Div', inputs: [{ shape: a }, { shape: b }], positive: true, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('constant denominator (normalisation by std)', async () => {
    const report = await checkVjp({ op: 'Div', inputs: [{ shape: [2, 3, 4, 4] }, { shape: [3, 1, 1], values: [0.229, 0.224, 0.225] }] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('constant numerator (reciprocal), opset 13', async () => {
    const report = await checkVjp({ op: 'Div', inputs: [{ shape: [], values: [1] }, { shape: [2, 5] }], positive: true, opset: 13, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['per-channel [N,C,H,W] with [N,C,1,1]', [2, 3, 4, 4], [2, 3, 1, 1], false],
    ['[N,C,L] with an unbatched [C,1]', [2, 3, 4], [3, 1], true],
  ])('probed at batch 2, run at batch 5: %s', async (_l, a, b, unbatched) => {
    const report = await checkVjp({ op: 'Div', inputs: [{ shape: a }, { shape: b, unbatched }], runBatch: 5, positive: true, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
