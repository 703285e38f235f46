import { attr } from '../../../src/onnx/attributes';
import type { Attribute } from '../../../src/onnx/ir';
import { checkVjp } from '../../support/vjp-check';

describe('AveragePool VJP', () => {
  const cases: Array<[string, number[], Attribute[]]> = [
    ['2x2 stride 2 (no overlap)', [2, 3, 6, 6], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])]],
    ['3x3 stride 1 pad 1, pads not counted', [2, 2, 5, 5], [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1])]],
    ['3x3 stride 1 pad 1, pads counted', [2, 2, 5, 5], [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1]), attr.int('count_include_pad', 1)]],
    ['3x3 stride 2 pad 1 on even size (output_padding)', [3, 2, 8, 8], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1])]],
    ['ceil_mode, 3x3 stride 2 on 8x7', [2, 2, 8, 7], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.int('ceil_mode', 1)]],
    [
      'ceil_mode with asymmetric pads, pads counted',
      [2, 3, 7, 6],
      [attr.ints('kernel_shape', [3, 2]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 0, 0, 1]), attr.int('ceil_mode', 1), attr.int('count_include_pad', 1)],
    ],
    ['ceil_mode with pads, pads not counted', [2, 2, 6, 6], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.int('ceil_mode', 1)]],
    ['SAME_UPPER auto pad, stride 2', [2, 2, 7, 7], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.string('auto_pad', 'SAME_UPPER')]],
    ['SAME_LOWER auto pad, stride 1', [2, 2, 5, 6], [attr.ints('kernel_shape', [2, 3]), attr.string('auto_pad', 'SAME_LOWER')]],
    ['1-D, kernel 3 stride 2 pad 1', [2, 3, 9], [attr.ints('kernel_shape', [3]), attr.ints('strides', [2]), attr.ints('pads', [1, 1])]],
    ['1-D ceil_mode, pads counted', [3, 2, 10], [attr.ints('kernel_shape', [4]), attr.ints('strides', [3]), attr.ints('pads', [0, 2]), attr.int('ceil_mode', 1), attr.int('count_include_pad', 1)]],
  ];
  test.each(cases)('%s', async (_label, xShape, attrs) => {
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'AveragePool', inputs: [{ shape: xShape }], attrs, opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('dilated window (opset 19)', async () => {
    const attrs = [attr.ints('kernel_shape', [2, 3]), attr.ints('dilations', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.int('count_include_pad', 1)];
    const report = await checkVjp({ op: 'AveragePool', inputs: [{ shape: [2, 2, 7, 8] }], attrs, opset: 19 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('compiled at batch 2, run at batch 3', async () => {
    const attrs = [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.int('ceil_mode', 1)];
    const report = await checkVjp({ op: 'AveragePool', inputs: [{ shape: [2, 3, 6, 6] }], attrs, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
