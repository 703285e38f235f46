import { attr } from '../../../src/onnx/attributes';
import { floatTensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp } from '../../support/vjp-check';

const scalar = (v: number) => ({ shape: [], values: [v] });

describe('Clip VJP', () => {
  test.each([
    ['min and max inputs', [scalar(-0.5), scalar(0.5)], [-0.5, 0.5], 17],
    ['min only', [scalar(-0.3)], [-0.3], 17],
    ['no bounds (identity)', [], [], 17],
    ['min and max, opset 13', [scalar(-0.5), scalar(0.5)], [-0.5, 0.5], 13],
  ])('%s', async (_l, bounds, kinks, opset) => {
    const report = await checkVjp({ op: 'Clip', inputs: [{ shape: [2, 3, 4, 4] }, ...bounds], kinks, gap: 0.02, opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('opset 10: bounds as attributes', async () => {
    const attrs = [attr.float('min', -0.4), attr.float('max', 0.6)];
    const report = await checkVjp({ op: 'Clip', inputs: [{ shape: [2, 3, 5] }], attrs, kinks: [-0.4, 0.6], gap: 0.02, opset: 10 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([17, 13])('max only (min is the empty name), opset %d', async (opset) => {
    const report = await checkGraphVjp(
      { inputs: { x: [2, 3, 6] }, initializers: [floatTensor('hi', [], [0.25])], nodes: [{ op: 'Clip', inputs: ['x', '', 'hi'], outputs: ['y'] }], outputs: ['y'], opset },
      { kinks: [0.25] },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('Relu6 = Clip(0, 6) on inputs in [-8, 8)', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 4, 3, 3] },
        initializers: [floatTensor('lo', [], [0]), floatTensor('hi', [], [6])],
        nodes: [{ op: 'Clip', inputs: ['x', 'lo', 'hi'], outputs: ['y'] }],
        outputs: ['y'],
      },
      { scale: 8, kinks: [0, 6], gap: 0.05 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5', async () => {
    const report = await checkVjp({ op: 'Clip', inputs: [{ shape: [2, 3, 4] }, scalar(-0.5), scalar(0.5)], kinks: [-0.5, 0.5], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
