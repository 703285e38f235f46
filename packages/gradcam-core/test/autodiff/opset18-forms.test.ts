/**
 * The op forms of the dynamo exporter (opset 18+): axes, split sizes and pads' axes as inputs,
 * Split by num_outputs. Debian's torch 1.13 cannot export these, so the graphs are built here.
 */
import { attr } from '../../src/onnx/attributes';
import { int64Tensor } from '../../src/onnx/tensor';
import { checkGraphVjp } from '../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../support/vjp-check';

const ints = (values: number[]): VjpInput => ({ shape: [values.length], values, dtype: 'int64' });

describe('opset 18 forms', () => {
  test.each([18, 21])('Squeeze and Unsqueeze with axes inputs, run at another batch (opset %d)', async (opset) => {
    for (const [op, shape, axes] of [['Squeeze', [2, 1, 3, 1], [-1, 1]], ['Unsqueeze', [2, 3], [0, -1]]] as const) {
      const report = await checkVjp({ op, inputs: [{ shape: [...shape] }, ints([...axes])], opset, runBatch: 3 });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('ReduceSum: empty axes input with noop_with_empty_axes is the identity', async () => {
    const report = await checkVjp({ op: 'ReduceSum', inputs: [{ shape: [2, 3] }, { shape: [0], values: [], dtype: 'int64' }], attrs: [attr.int('noop_with_empty_axes', 1)], opset: 18 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('Split by sizes input along a batch-dependent axis, run at another batch', async () => {
    const report = await checkVjp({ op: 'Split', inputs: [{ shape: [2, 6] }, ints([2, 4])], attrs: [attr.int('axis', 1)], outputs: 2, seeded: [0, 1], opset: 18, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  // Window attention as the dynamo exporter writes it: qkv [3, N, T, d] from a Reshape/Transpose,
  // Split(num_outputs=3) + Squeeze(axes input), Einsum scores, Softmax, ReduceMean(axes input).
  test('dynamo-style attention block: Split num_outputs on the [3, N, ...] axis, Einsum, ReduceMean axes input, run at batch 5', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 4, 6] },
        initializers: [int64Tensor('shape', [4], [0, 4, 3, 2]), int64Tensor('first', [1], [0]), int64Tensor('tokens', [1], [1])],
        nodes: [
          { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['r'] },
          { op: 'Transpose', inputs: ['r'], outputs: ['qkv'], attrs: [attr.ints('perm', [2, 0, 1, 3])] },
          { op: 'Split', inputs: ['qkv'], outputs: ['q1', 'k1', 'v1'], attrs: [attr.int('axis', 0), attr.int('num_outputs', 3)] },
          { op: 'Squeeze', inputs: ['q1', 'first'], outputs: ['q'] },
          { op: 'Squeeze', inputs: ['k1', 'first'], outputs: ['k'] },
          { op: 'Squeeze', inputs: ['v1', 'first'], outputs: ['v'] },
          { op: 'Einsum', inputs: ['q', 'k'], outputs: ['scores'], attrs: [attr.string('equation', 'ntd,nsd->nts')] },
          { op: 'Softmax', inputs: ['scores'], outputs: ['p'], attrs: [attr.int('axis', -1)] },
          { op: 'Einsum', inputs: ['p', 'v'], outputs: ['o'], attrs: [attr.string('equation', 'nts,nsd->ntd')] },
          { op: 'ReduceMean', inputs: ['o', 'tokens'], outputs: ['y'], attrs: [attr.int('keepdims', 0)] },
        ],
        outputs: ['y'],
        opset: 18,
      },
      { runBatch: 5 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
