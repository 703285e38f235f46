import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp } from '../../support/vjp-check';

describe('Erf VJP', () => {
  test.each([
    ['[N,C,H,W]', [2, 3, 4, 4], 17],
    ['[N,K]', [3, 7], 17],
    ['opset 13', [2, 5], 13],
  ])('%s', async (_l, shape, opset) => {
    const report = await checkVjp({ op: 'Erf', inputs: [{ shape }], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('inputs in [-3, 3), where exp(-x²) varies most', async () => {
    const report = await checkGraphVjp({ inputs: { x: [2, 3, 8] }, nodes: [{ op: 'Erf', inputs: ['x'], outputs: ['y'] }], outputs: ['y'] }, { scale: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5', async () => {
    const report = await checkVjp({ op: 'Erf', inputs: [{ shape: [2, 3, 4] }], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
