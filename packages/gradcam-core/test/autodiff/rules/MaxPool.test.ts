import { attr } from '../../../src/onnx/attributes';
import type { Attribute } from '../../../src/onnx/ir';
import { UnsupportedOpError } from '../../../src/autodiff/rule';
import { checkVjp } from '../../support/vjp-check';

// A small step keeps the finite differences from crossing a tie between window elements.
const eps = 3e-4;

describe('MaxPool VJP', () => {
  const cases: Array<[string, number[], Attribute[]]> = [
    ['2x2 stride 2 (disjoint windows)', [2, 3, 6, 6], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])]],
    ['3x3 stride 2 pad 1 (ResNet stem, overlapping)', [2, 2, 8, 8], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1])]],
    ['3x3 stride 1 pad 1 (every element in 9 windows)', [3, 2, 5, 5], [attr.ints('kernel_shape', [3, 3]), attr.ints('pads', [1, 1, 1, 1])]],
    ['ceil_mode 3x3 stride 2 on 8x7', [2, 2, 8, 7], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.int('ceil_mode', 1)]],
    ['dilated 2x2, dilation 2, asymmetric pads', [2, 2, 7, 7], [attr.ints('kernel_shape', [2, 2]), attr.ints('dilations', [2, 2]), attr.ints('pads', [0, 1, 1, 0])]],
    ['SAME_UPPER stride 2, rectangular kernel', [2, 2, 7, 6], [attr.ints('kernel_shape', [3, 2]), attr.ints('strides', [2, 1]), attr.string('auto_pad', 'SAME_UPPER')]],
    ['1-D kernel 3 stride 2 pad 1', [2, 3, 11], [attr.ints('kernel_shape', [3]), attr.ints('strides', [2]), attr.ints('pads', [1, 1])]],
    ['output smaller than the phase count (2x2 out, 3x3 stride 1)', [2, 1, 4, 4], [attr.ints('kernel_shape', [3, 3])]],
  ];
  test.each(cases)('%s', async (_label, xShape, attrs) => {
    for (const opset of [13, 16, 17]) {
      const report = await checkVjp({ op: 'MaxPool', inputs: [{ shape: xShape }], attrs, opset, eps });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('compiled at batch 2, run at batch 3 (both scatter forms)', async () => {
    const attrs = [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1])];
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'MaxPool', inputs: [{ shape: [2, 3, 6, 6] }], attrs, opset, eps, runBatch: 3 });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('storage_order = 1 is refused by name', async () => {
    const attrs = [attr.ints('kernel_shape', [2, 2]), attr.int('storage_order', 1)];
    await expect(checkVjp({ op: 'MaxPool', inputs: [{ shape: [2, 1, 4, 4] }], attrs })).rejects.toThrow(UnsupportedOpError);
  });
});
