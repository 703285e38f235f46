import { checkVjp, type VjpInput } from '../../support/vjp-check';

describe('Sub VJP', () => {
  test.each([
    ['same shapes', [2, 3, 4], [2, 3, 4]],
    ['per-channel [N,C,H,W]−[N,C,1,1]', [2, 3, 4, 4], [2, 3, 1, 1]],
    ['rank broadcast [N,C,H,W]−[W]', [2, 3, 2, 5], [5]],
    ['both broadcast [N,1,W]−[1,C,1]', [3, 1, 4], [1, 2, 1]],
    ['smaller minuend [C,1,1]−[N,C,H,W]', [3, 1, 1], [2, 3, 2, 2]],
  ])('%s', async (_l, a, b) => {
    const report = await checkVjp({ op: 'Sub', inputs: [{ shape: a }, { shape: b }] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['constant subtrahend (mean subtraction)', 1],
    ['constant minuend', 0],
  ])('%s', async (_l, constant) => {
    const inputs: VjpInput[] = [{ shape: [2, 3] }, { shape: [2, 3] }];
    inputs[constant] = { shape: [3], values: [0.5, -2, 3] };
    const report = await checkVjp({ op: 'Sub', inputs });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['per-channel [N,C,H,W] with [N,C,1,1]', [2, 3, 4, 4], [2, 3, 1, 1], false],
    ['[N,C,L] with an unbatched [C,1]', [2, 3, 4], [3, 1], true],
  ])('probed at batch 2, run at batch 5: %s', async (_l, a, b, unbatched) => {
    const report = await checkVjp({ op: 'Sub', inputs: [{ shape: a }, { shape: b, unbatched }], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
