import { attr } from '../../../src/onnx/attributes';
import { int64Tensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const axesInput = (axes: number[]): VjpInput => ({ shape: [axes.length], values: axes, dtype: 'int64' });

/** ReduceMax/Min/L2/SumSquare: axes an attribute to opset 17, an input from 18 (the dynamo exporter's form). */
describe.each(['ReduceMax', 'ReduceMin', 'ReduceL2', 'ReduceSumSquare'])('%s VJP', (op) => {
  const cases: Array<[string, number[], number[] | undefined, number]> = [
    ['spatial axes [2,3], keepdims 1', [2, 3, 4, 5], [2, 3], 1],
    ['last axis -1, keepdims 0', [2, 3, 4], [-1], 0],
    ['all axes (default), keepdims 0', [2, 3, 4], undefined, 0],
  ];
  // Max/Min: two random entries of a slab may lie closer than a step of 1e-2 (a kink): use 1e-3.
  const eps = 1e-3;
  test.each(cases)('%s', async (_label, shape, axes, keepdims) => {
    for (const opset of [13, 17]) {
      const attrs = [attr.int('keepdims', keepdims), ...(axes ? [attr.ints('axes', axes)] : [])];
      const report = await checkVjp({ op, inputs: [{ shape }], attrs, opset, eps });
      expect(report.maxError).toBeLessThan(1e-3);
    }
    const report = await checkVjp({ op, inputs: [{ shape }, ...(axes ? [axesInput(axes)] : [])], attrs: [attr.int('keepdims', keepdims)], opset: 18, eps });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('opset 18, empty axes with noop_with_empty_axes', async () => {
    const attrs = [attr.int('noop_with_empty_axes', 1)];
    const report = await checkVjp({ op, inputs: [{ shape: [2, 3] }, axesInput([])], attrs, opset: 18 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([13, 18])('over a batch-dependent axis (batch moved to axis 1), probed at 2, run at 5, opset %d', async (opset) => {
    const reduce = opset >= 18
      ? { op, inputs: ['t', 'axes'], outputs: ['y'], attrs: [attr.int('keepdims', 0)] }
      : { op, inputs: ['t'], outputs: ['y'], attrs: [attr.ints('axes', [1]), attr.int('keepdims', 0)] };
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4] },
        initializers: opset >= 18 ? [int64Tensor('axes', [1], [1])] : [],
        nodes: [{ op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: [attr.ints('perm', [1, 0, 2])] }, reduce],
        outputs: ['y'],
        opset,
      },
      { runBatch: 5, eps },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe.each(['ReduceMax', 'ReduceMin'])('%s ties', (op) => {
  // y = op over [x; x]: every extremum appears twice. The shared halves add up to what max(x) gets.
  test('the extremum appears twice: shares add up', async () => {
    const report = await checkGraphVjp({
      inputs: { x: [2, 3] },
      nodes: [
        { op: 'Concat', inputs: ['x', 'x'], outputs: ['c'], attrs: [attr.int('axis', 1)] },
        { op, inputs: ['c'], outputs: ['y'], attrs: [attr.ints('axes', [1]), attr.int('keepdims', 1)] },
      ],
      outputs: ['y'],
    });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
