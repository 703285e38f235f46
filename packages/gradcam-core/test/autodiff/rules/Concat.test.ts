import { attr } from '../../../src/onnx/attributes';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp } from '../../support/vjp-check';

describe('Concat VJP', () => {
  test.each([
    ['two inputs on the channel axis', [[2, 3, 4], [2, 5, 4]], 1],
    ['three inputs on the last axis (-1)', [[2, 3, 1], [2, 3, 4], [2, 3, 2]], -1],
    ['on the batch axis', [[2, 3], [3, 3]], 0],
  ])('%s', async (_label, shapes, axis) => {
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'Concat', inputs: shapes.map((shape) => ({ shape })), attrs: [attr.int('axis', axis)], opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('probed at batch 2, run at batch 3: the class token prepended on axis 1', async () => {
    const report = await checkVjp({ op: 'Concat', inputs: [{ shape: [2, 1, 4] }, { shape: [2, 5, 4] }], attrs: [attr.int('axis', 1)], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  // torch.roll on Swin's [N·windows, ...] axis is Slice + Concat: here both slabs scale with the batch.
  test('concatenated along a batch-dependent axis (the batch moved to axis 1), probed at 2, run at 5', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { a: [2, 3, 4], c: [2, 3, 4] },
        nodes: [
          { op: 'Transpose', inputs: ['a'], outputs: ['at'], attrs: [attr.ints('perm', [1, 0, 2])] },
          { op: 'Transpose', inputs: ['c'], outputs: ['ct'], attrs: [attr.ints('perm', [1, 0, 2])] },
          { op: 'Concat', inputs: ['at', 'ct'], outputs: ['y'], attrs: [attr.int('axis', 1)] },
        ],
        outputs: ['y'],
      },
      { runBatch: 5 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
