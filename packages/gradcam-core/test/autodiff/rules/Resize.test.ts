import { attr } from '../../../src/onnx/attributes';
import type { Attribute } from '../../../src/onnx/ir';
import { int64Tensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const scales = (values: number[]): VjpInput => ({ shape: [values.length], values });
const sizes = (values: number[]): VjpInput => ({ shape: [values.length], values, dtype: 'int64' });
const NONE: VjpInput = { shape: [0], values: [] };

/** Resize of x [2, 3, h, w] (opset 13 form: X, roi, scales, sizes), checked against onnxruntime's forward. */
const resize = (shape: number[], target: VjpInput[], attrs: Attribute[], opset = 13, runBatch?: number) =>
  checkVjp({ op: 'Resize', inputs: [{ shape }, NONE, ...target], attrs, opset, runBatch });

const modes: Array<[string, Attribute[]]> = [
  ['nearest, asymmetric, floor (torch nearest)', [attr.string('mode', 'nearest'), attr.string('coordinate_transformation_mode', 'asymmetric'), attr.string('nearest_mode', 'floor')]],
  ['nearest, half_pixel, round_prefer_floor (defaults)', []],
  ['nearest, half_pixel, round_prefer_ceil', [attr.string('nearest_mode', 'round_prefer_ceil')]],
  ['nearest, tf_half_pixel_for_nn, ceil', [attr.string('coordinate_transformation_mode', 'tf_half_pixel_for_nn'), attr.string('nearest_mode', 'ceil')]],
  ['nearest, align_corners', [attr.string('coordinate_transformation_mode', 'align_corners')]],
  ['linear, half_pixel', [attr.string('mode', 'linear')]],
  ['linear, pytorch_half_pixel (torch bilinear)', [attr.string('mode', 'linear'), attr.string('coordinate_transformation_mode', 'pytorch_half_pixel')]],
  ['linear, align_corners', [attr.string('mode', 'linear'), attr.string('coordinate_transformation_mode', 'align_corners')]],
  ['linear, asymmetric', [attr.string('mode', 'linear'), attr.string('coordinate_transformation_mode', 'asymmetric')]],
  ['cubic, A = -0.75, pytorch_half_pixel (torch bicubic)', [attr.string('mode', 'cubic'), attr.float('cubic_coeff_a', -0.75), attr.string('coordinate_transformation_mode', 'pytorch_half_pixel')]],
  ['cubic, A = -0.5, exclude_outside, half_pixel', [attr.string('mode', 'cubic'), attr.int('exclude_outside', 1)]],
  ['cubic, align_corners', [attr.string('mode', 'cubic'), attr.string('coordinate_transformation_mode', 'align_corners')]],
];

describe('Resize VJP', () => {
  describe.each(modes)('%s', (_label, attrs) => {
    test.each([
      ['upsampling by scales 2 x 1.5', [2, 3, 4, 5], [scales([1, 1, 2, 1.5])]],
      ['downsampling by scales 0.5 x 0.6', [2, 3, 8, 5], [scales([1, 1, 0.5, 0.6])]],
      ['sizes (up on H, down on W)', [2, 3, 4, 7], [NONE, sizes([2, 3, 7, 3])]],
    ])('%s', async (_l, shape, target) => {
      const report = await resize(shape, target, attrs);
      expect(report.maxError).toBeLessThan(1e-3);
    });
  });

  test('opset 11 form (same inputs), linear upsampling', async () => {
    const report = await resize([2, 3, 3, 4], [scales([1, 1, 2, 2])], [attr.string('mode', 'linear')], 11);
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([18, 19])('opset %d: axes attribute with sizes for the spatial axes only', async (opset) => {
    const attrs = [attr.string('mode', 'linear'), attr.ints('axes', [2, 3])];
    const report = await resize([2, 3, 4, 5], [NONE, sizes([6, 3])], attrs, opset);
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('opset 19: half_pixel_symmetric, cubic', async () => {
    const attrs = [attr.string('mode', 'cubic'), attr.string('coordinate_transformation_mode', 'half_pixel_symmetric')];
    const report = await resize([2, 3, 4, 5], [scales([1, 1, 1.7, 0.8])], attrs, 19);
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['scales, linear', [scales([1, 1, 2, 1.5])], [attr.string('mode', 'linear')]],
    ['scales, cubic', [scales([1, 1, 0.5, 2])], [attr.string('mode', 'cubic')]],
  ])('probed at batch 2, run at batch 3: %s', async (_label, target, attrs) => {
    const report = await resize([2, 3, 4, 5], target, attrs, 13, 3);
    expect(report.maxError).toBeLessThan(1e-3);
  });

  // torch's F.interpolate(size=...) computes sizes = Concat(Shape(x)[:2], [h, w]): only the static sizes are known.
  test('sizes computed from Shape(x) (the TorchScript export of F.interpolate(size=...)), run at batch 3', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4, 5] },
        initializers: [int64Tensor('zero', [1], [0]), int64Tensor('two', [1], [2]), int64Tensor('hw', [2], [7, 9])],
        nodes: [
          { op: 'Shape', inputs: ['x'], outputs: ['s'] },
          { op: 'Slice', inputs: ['s', 'zero', 'two'], outputs: ['nc'] },
          { op: 'Concat', inputs: ['nc', 'hw'], outputs: ['size'], attrs: [attr.int('axis', 0)] },
          { op: 'Resize', inputs: ['x', '', '', 'size'], outputs: ['y'], attrs: [attr.string('mode', 'linear'), attr.string('coordinate_transformation_mode', 'pytorch_half_pixel')] },
        ],
        outputs: ['y'],
        opset: 13,
      },
      { runBatch: 3 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('a 3-D input resized on its middle axis (the Transpose path)', async () => {
    const report = await checkVjp({ op: 'Resize', inputs: [{ shape: [2, 4, 3] }, NONE, scales([1, 2, 1])], attrs: [attr.string('mode', 'nearest')], opset: 13 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('antialias is refused with the node named', async () => {
    const attrs = [attr.string('mode', 'linear'), attr.int('antialias', 1)];
    await expect(resize([2, 3, 4, 5], [scales([1, 1, 0.5, 0.5])], attrs, 18)).rejects.toThrow(/Resize node 'n0_Resize'.*antialias/);
  });

  test('tf_crop_and_resize is refused with the node named', async () => {
    const roi: VjpInput = { shape: [8], values: [0, 0, 0.1, 0.1, 1, 1, 0.9, 0.9] };
    const attrs = [attr.string('mode', 'linear'), attr.string('coordinate_transformation_mode', 'tf_crop_and_resize')];
    const report = checkVjp({ op: 'Resize', inputs: [{ shape: [2, 3, 4, 5] }, roi, scales([1, 1, 2, 2])], attrs, opset: 13 });
    await expect(report).rejects.toThrow(/Resize node 'n0_Resize'.*tf_crop_and_resize/);
  });
});
