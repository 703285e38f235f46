import { attr } from '../../../src/onnx/attributes';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp } from '../../support/vjp-check';

describe('HardSigmoid VJP', () => {
  // The linear part is 0 < αx + β < 1; its ends are the kinks the random inputs keep away from.
  test.each([
    ['ONNX defaults α=0.2, β=0.5 (all linear on [-1,1))', [], [], 17],
    ['torch α=1/6, β=0.5', [attr.float('alpha', 1 / 6), attr.float('beta', 0.5)], [], 17],
    ['α=2, β=0.5: clamps at ±0.25', [attr.float('alpha', 2), attr.float('beta', 0.5)], [-0.25, 0.25], 17],
    ['α=0.5, β=0.2: clamps below -0.4', [attr.float('alpha', 0.5), attr.float('beta', 0.2)], [-0.4], 17],
    ['negative α=-1.5, β=0.5: clamps at ±1/3', [attr.float('alpha', -1.5), attr.float('beta', 0.5)], [-1 / 3, 1 / 3], 17],
    ['opset 13, α=2', [attr.float('alpha', 2), attr.float('beta', 0.5)], [-0.25, 0.25], 13],
  ])('%s', async (_l, attrs, kinks, opset) => {
    const report = await checkVjp({ op: 'HardSigmoid', inputs: [{ shape: [2, 3, 4, 4] }], attrs, kinks, gap: 0.02, opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('torch α=1/6 on inputs in [-5, 5): both clamps reached', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 16] },
        nodes: [{ op: 'HardSigmoid', inputs: ['x'], outputs: ['y'], attrs: [attr.float('alpha', 1 / 6), attr.float('beta', 0.5)] }],
        outputs: ['y'],
      },
      { scale: 5, kinks: [-3, 3], gap: 0.05 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5, α=2', async () => {
    const attrs = [attr.float('alpha', 2), attr.float('beta', 0.5)];
    const report = await checkVjp({ op: 'HardSigmoid', inputs: [{ shape: [2, 3, 4] }], attrs, kinks: [-0.25, 0.25], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
