import { attr } from '../../../src/onnx/attributes';
import { int64Tensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const axesInput = (axes: number[]): VjpInput => ({ shape: [axes.length], values: axes, dtype: 'int64' });

describe('ReduceMean VJP', () => {
  const cases: Array<[string, number[], number[] | undefined, number]> = [
    ['spatial axes [2,3], keepdims 1 (GAP)', [2, 3, 4, 5], [2, 3], 1],
    ['last axis -1, keepdims 0', [2, 3, 4], [-1], 0],
    ['middle axis, keepdims 0', [3, 4, 5], [1], 0],
    ['batch and a spatial axis [0,2], keepdims 1', [2, 3, 4], [0, 2], 1],
    ['default axes (all), keepdims 0: scalar', [2, 3, 4], undefined, 0],
    ['default axes (all), keepdims 1', [2, 3], undefined, 1],
  ];
  test.each(cases)('%s', async (_label, shape, axes, keepdims) => {
    for (const opset of [13, 17]) {
      const attrs = [attr.int('keepdims', keepdims), ...(axes ? [attr.ints('axes', axes)] : [])];
      const report = await checkVjp({ op: 'ReduceMean', inputs: [{ shape }], attrs, opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
    // From opset 18 the axes are an input.
    const report = await checkVjp({ op: 'ReduceMean', inputs: [{ shape }, ...(axes ? [axesInput(axes)] : [])], attrs: [attr.int('keepdims', keepdims)], opset: 18 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('opset 18: empty axes with noop_with_empty_axes is the identity', async () => {
    const attrs = [attr.int('noop_with_empty_axes', 1)];
    const report = await checkVjp({ op: 'ReduceMean', inputs: [{ shape: [2, 3] }, axesInput([])], attrs, opset: 18 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['over the batch axis (divisor from the run-time batch)', [0, 2], 0],
    ['over every axis, keepdims 0', [0, 1, 2], 0],
    ['over a non-batch axis', [1], 1],
  ])('compiled at batch 2, run at batch 3: %s', async (_label, axes, keepdims) => {
    const attrs = [attr.ints('axes', axes), attr.int('keepdims', keepdims)];
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'ReduceMean', inputs: [{ shape: [2, 3, 4] }], attrs, opset, runBatch: 3 });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  // Swin and window attention reduce over axes that scale with the batch without being axis 0.
  test.each([13, 18])('reduced over a batch-dependent axis 1 (batch moved by a Transpose), probed at 2, run at 5, opset %d', async (opset) => {
    const axes = [1];
    const reduce = opset >= 18
      ? { op: 'ReduceMean', inputs: ['t', 'axes'], outputs: ['y'], attrs: [attr.int('keepdims', 0)] }
      : { op: 'ReduceMean', inputs: ['t'], outputs: ['y'], attrs: [attr.ints('axes', axes), attr.int('keepdims', 0)] };
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4] },
        initializers: opset >= 18 ? [int64Tensor('axes', [1], axes)] : [],
        nodes: [{ op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: [attr.ints('perm', [1, 0, 2])] }, reduce],
        outputs: ['y'],
        opset,
      },
      { runBatch: 5 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
