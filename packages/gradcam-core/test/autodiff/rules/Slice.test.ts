import { attr } from '../../../src/onnx/attributes';
import { int64Tensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const ints = (v: number[]): VjpInput => ({ shape: [v.length], values: v, dtype: 'int64' });
// int64Tensor cannot encode INT64_MAX itself (2^63 − 1 is not a double and wraps to INT64_MIN): 2^62 stands in.
const HUGE = 2 ** 62;
const INT32_MAX = 2 ** 31 - 1;

const sliceInputs = (shape: number[], starts: number[], ends: number[], axes?: number[], steps?: number[]): VjpInput[] => [
  { shape },
  ints(starts),
  ints(ends),
  ...(axes ? [ints(axes)] : []),
  ...(steps ? [ints(steps)] : []),
];

describe('Slice VJP', () => {
  const cases: Array<[string, VjpInput[]]> = [
    ['step 1, spatial axes, negative start, huge end (Pad form)', sliceInputs([2, 3, 6, 7], [1, -3], [4, HUGE], [2, 3])],
    ['step 1, ends past the size clamp, negative axes, steps given', sliceInputs([2, 3, 6, 7], [2, 0], [100, 5], [-1, -3], [1, 1])],
    ['no axes: whole batch axis (0..INT32_MAX) and a channel range', sliceInputs([2, 5, 4], [0, 1], [INT32_MAX, 4])],
    ['negative end, start clamped below 0', sliceInputs([2, 4, 6], [-100, 1], [-1, 3], [2, 1])],
    ['step 2 (scatter form)', sliceInputs([2, 3, 7, 6], [1, 0], [HUGE, HUGE], [2, 3], [2, 3])],
    ['negative step: reversed channels (scatter form)', sliceInputs([2, 4, 3], [-1], [-HUGE], [1], [-1])],
    ['negative step −2 from a clamped start (scatter form)', sliceInputs([2, 3, 9], [100], [0], [2], [-2])],
    ['batch axis sliced [1:] (scatter form)', sliceInputs([3, 2, 4], [1, 1], [HUGE, 3], [0, 2])],
  ];
  test.each(cases)('%s', async (_label, inputs) => {
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'Slice', inputs, opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test.each([
    ['Pad form', sliceInputs([2, 3, 6, 7], [1, -3], [4, HUGE], [2, 3])],
    ['scatter form, step 2', sliceInputs([2, 3, 7, 6], [1], [HUGE], [3], [2])],
    ['scatter form, batch axis [1:]', sliceInputs([2, 3, 4], [1], [HUGE], [0])],
  ])('compiled at batch 2, run at batch 3: %s', async (_label, inputs) => {
    const report = await checkVjp({ op: 'Slice', inputs, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['batch axis [0:1] (Pad form, end pad at run time)', sliceInputs([2, 3, 4], [0], [1], [0])],
    ['batch axis [-1:] (Pad form, begin pad at run time)', sliceInputs([2, 3, 4], [-1], [HUGE], [0])],
    ['batch axis [1:-1] and a channel range', sliceInputs([3, 3, 4], [1, 1], [-1, 3], [0, 1])],
  ])('compiled at batch 2 or 3, run at batch 5: %s', async (_label, inputs) => {
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'Slice', inputs, runBatch: 5, opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  // torch.roll on Swin's [N·windows, ...] tensors and crops of batch-dependent axes: the batch is
  // not axis 0 (moved to axis 1 by a Transpose here), and the slice ends before that axis ends.
  test.each([
    ['[0:1] on the batch-dependent axis', [0], [1]],
    ['[-2:] on the batch-dependent axis', [-2], [HUGE]],
    ['[1:-1] on the batch-dependent axis', [1], [-1]],
  ])('batch on axis 1, probed at 3, run at 5: %s', async (_label, starts, ends) => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [3, 2, 4] },
        initializers: [int64Tensor('s', [1], starts), int64Tensor('e', [1], ends), int64Tensor('a', [1], [1])],
        nodes: [
          { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: [attr.ints('perm', [1, 0, 2])] },
          { op: 'Slice', inputs: ['t', 's', 'e', 'a'], outputs: ['y'] },
        ],
        outputs: ['y'],
      },
      { runBatch: 5 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  // ViT's packed q/k/v: bounds computed from the shape (d = C/3; q = [0:d], k = [d:2d], v = [2d:3d]),
  // so no constant says where the slice lies: the begin pads are computed at run time.
  test.each([
    ['q: [0:d]', 0],
    ['k: [d:2d]', 1],
    ['v: [2d:]', 2],
  ])('bounds computed from the shape, run at another batch: %s', async (_label, part) => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 5, 12] },
        initializers: [int64Tensor('two', [1], [2]), int64Tensor('three', [1], [3]), int64Tensor('k', [1], [part]), int64Tensor('k1', [1], [part + 1]), int64Tensor('axis', [1], [2])],
        nodes: [
          { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
          { op: 'Gather', inputs: ['shape', 'two'], outputs: ['c'] },
          { op: 'Div', inputs: ['c', 'three'], outputs: ['d'] },
          { op: 'Mul', inputs: ['d', 'k'], outputs: ['start'] },
          { op: 'Mul', inputs: ['d', 'k1'], outputs: ['end'] },
          { op: 'Slice', inputs: ['x', 'start', 'end', 'axis'], outputs: ['y'] },
        ],
        outputs: ['y'],
      },
      { runBatch: 3 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
