import { attr } from '../../../src/onnx/attributes';
import { checkVjp } from '../../support/vjp-check';
import { randomValues, rng } from '../../support/random';

const weights = (shape: number[], seed = 7): number[] => Array.from(randomValues(shape.reduce((a, b) => a * b, 1), rng(seed)));

describe('Conv VJP', () => {
  const cases: Array<[string, number[], number[], ReturnType<typeof attr.int>[]]> = [
    ['3x3 pad 1 stride 1 (flipped-Conv form)', [2, 3, 6, 6], [4, 3, 3, 3], [attr.ints('pads', [1, 1, 1, 1])]],
    ['stride 2 on even size (output_padding)', [3, 2, 8, 8], [4, 2, 3, 3], [attr.ints('pads', [1, 1, 1, 1]), attr.ints('strides', [2, 2])]],
    ['stride 2 on odd size, asymmetric pads', [2, 2, 7, 9], [3, 2, 3, 3], [attr.ints('pads', [0, 1, 1, 0]), attr.ints('strides', [2, 2])]],
    ['depthwise 5x5 stride 1', [2, 4, 7, 7], [4, 1, 5, 5], [attr.ints('pads', [2, 2, 2, 2]), attr.int('group', 4)]],
    ['depthwise stride 2', [2, 4, 8, 8], [4, 1, 3, 3], [attr.ints('pads', [1, 1, 1, 1]), attr.int('group', 4), attr.ints('strides', [2, 2])]],
    ['grouped 2 groups, dilated', [2, 4, 9, 9], [6, 2, 3, 3], [attr.ints('pads', [2, 2, 2, 2]), attr.int('group', 2), attr.ints('dilations', [2, 2])]],
    ['1x1 pointwise', [3, 5, 4, 4], [6, 5, 1, 1], []],
    ['SAME_UPPER auto pad, stride 2', [2, 3, 7, 7], [2, 3, 3, 3], [attr.string('auto_pad', 'SAME_UPPER'), attr.ints('strides', [2, 2])]],
  ];
  test.each(cases)('%s', async (_label, xShape, wShape, attrs) => {
    const report = await checkVjp({
      op: 'Conv',
      inputs: [{ shape: xShape }, { shape: wShape, values: weights(wShape) }, { shape: [wShape[0]!], values: weights([wShape[0]!], 3) }],
      attrs,
    });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
