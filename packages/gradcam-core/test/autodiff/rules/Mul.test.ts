import { checkVjp } from '../../support/vjp-check';

describe('Mul VJP', () => {
  test.each([
    ['same shapes', [2, 3, 4], [2, 3, 4]],
    ['squeeze-excitation gate [N,C,H,W]·[N,C,1,1]', [2, 3, 4, 4], [2, 3, 1, 1]],
    ['rank broadcast [N,C,H,W]·[W]', [2, 3, 2, 5], [5]],
    ['both broadcast [N,1,W]·[1,C,1]', [3, 1, 4], [1, 2, 1]],
  ])('%s', async (_l, a, b) => {
    const report = await checkVjp({ op: 'Mul', inputs: [{ shape: a }, { shape: b }] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('a constant operand gets no gradient input, the other one does', async () => {
    const report = await checkVjp({ op: 'Mul', inputs: [{ shape: [2, 3] }, { shape: [3], values: [0.5, -2, 3] }] });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
