import { attr } from '../../../src/onnx/attributes';
import { int64Tensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const indices = (values: number[], shape: number[] = [values.length]): VjpInput => ({ shape, values, dtype: 'int64' });

describe('Gather VJP', () => {
  const cases: Array<[string, number[], VjpInput, number]> = [
    ['scalar index on the class axis (logit of one class)', [2, 10], indices([3], []), 1],
    ['scalar negative index, middle axis (ViT class token)', [2, 5, 4], indices([-5], []), 1],
    ['1-D indices with repeats and a negative, axis 1', [2, 6, 3], indices([4, 0, 4, -1, 2]), 1],
    ['1-D indices on the last axis (axis -1)', [2, 3, 5], indices([1, 3]), -1],
    ['2-D indices, axis 2', [2, 3, 5, 2], indices([0, 4, 4, 1, 2, 3], [2, 3]), 2],
    ['along the batch axis, repeats', [3, 4], indices([2, 0, 2, 1]), 0],
    ['along the batch axis, scalar index', [3, 2, 2], indices([1], []), 0],
  ];
  test.each(cases)('%s', async (_label, shape, idx, axis) => {
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'Gather', inputs: [{ shape }, idx], attrs: [attr.int('axis', axis)], opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test.each([
    ['class axis, repeated indices', [2, 6, 3], indices([4, 0, 4]), 1],
    ['scalar index along the batch axis', [2, 3], indices([1], []), 0],
  ])('compiled at batch 2, run at batch 3: %s', async (_label, shape, idx, axis) => {
    const report = await checkVjp({ op: 'Gather', inputs: [{ shape }, idx], attrs: [attr.int('axis', axis)], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  // Swin: qkv [3, N·windows, heads, T, d] gathered on axis 0, so the batch is axis 1 of the gathered
  // tensor. The input x [N, 3, 4, 5] is transposed to [3, N, 4, 5] first, so runBatch varies axis 1.
  test.each([
    ['scalar index (q = qkv[0])', int64Tensor('idx', [], [1])],
    ['1-D index with a repeat', int64Tensor('idx', [3], [2, 0, 2])],
  ])('batch on axis 1, gather on axis 0, probed at batch 2, run at batch 5: %s', async (_label, idx) => {
    for (const opset of [13, 17]) {
      const report = await checkGraphVjp(
        {
          inputs: { x: [2, 3, 4, 5] },
          initializers: [idx],
          nodes: [
            { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: [attr.ints('perm', [1, 0, 2, 3])] },
            { op: 'Gather', inputs: ['t', 'idx'], outputs: ['y'], attrs: [attr.int('axis', 0)] },
          ],
          outputs: ['y'],
          opset,
        },
        { runBatch: 5 },
      );
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('probe x [3, 2, 4, 5] with batch on axis 0, gathered on axis 1, run at batch 4', async () => {
    const report = await checkVjp({ op: 'Gather', inputs: [{ shape: [3, 2, 4, 5] }, indices([1], [])], attrs: [attr.int('axis', 1)], runBatch: 4 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
