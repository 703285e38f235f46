import { attr } from '../../../src/onnx/attributes';
import { type GradContext, UnsupportedOpError } from '../../../src/autodiff/rule';
import { reduceSumGrad } from '../../../src/autodiff/rules/ReduceSum';
import { GraphBuilder } from '../../../src/onnx/builder';
import type { Graph, Node } from '../../../src/onnx/ir';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const axesInput = (axes: number[]): VjpInput => ({ shape: [axes.length], values: axes, dtype: 'int64' });

describe('ReduceSum VJP', () => {
  const cases: Array<[string, number[], number[] | undefined, number, number]> = [
    ['axes [1,2], keepdims 1', [2, 3, 4, 5], [1, 2], 1, 0],
    ['last axis -1, keepdims 0', [2, 3, 4], [-1], 0, 0],
    ['batch axis 0, keepdims 0', [3, 4], [0], 0, 0],
    ['no axes input: every axis, keepdims 0', [2, 3, 4], undefined, 0, 0],
    ['empty axes: every axis, keepdims 1', [2, 3], [], 1, 0],
    ['empty axes with noop_with_empty_axes: identity', [2, 3], [], 0, 1],
    ['negative axis -2, keepdims 0', [2, 3, 4], [-2], 0, 0],
    ['one axis given twice (2 and -1), keepdims 0', [2, 3, 4], [2, -1], 0, 0],
  ];
  test.each(cases)('%s', async (_label, shape, axes, keepdims, noop) => {
    for (const opset of [13, 17]) {
      const attrs = [attr.int('keepdims', keepdims), attr.int('noop_with_empty_axes', noop)];
      const report = await checkVjp({ op: 'ReduceSum', inputs: [{ shape }, ...(axes ? [axesInput(axes)] : [])], attrs, opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('axes computed in the graph are refused by name', () => {
    const graph: Graph = { name: 'g', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], extra: [] };
    const node: Node = { name: 'sum', opType: 'ReduceSum', domain: '', inputs: ['x', 'axes'], outputs: ['y'], attributes: [], extra: [] };
    const ctx: GradContext = {
      b: new GraphBuilder(graph, 17),
      node,
      opset: 17,
      dys: ['dy'],
      dy: 'dy',
      needs: [true, false],
      shapeOf: () => [2, 3],
      constantOf: () => undefined,
      dyOrZeros: () => 'dy',
    };
    expect(() => reduceSumGrad.grad(ctx)).toThrow(UnsupportedOpError);
    expect(() => reduceSumGrad.grad(ctx)).toThrow(/axes 'axes' are computed/);
  });

  test.each([
    ['over the batch axis', [0], 0],
    ['over a spatial axis', [2], 1],
  ])('compiled at batch 2, run at batch 3: %s', async (_label, axes, keepdims) => {
    const report = await checkVjp({ op: 'ReduceSum', inputs: [{ shape: [2, 3, 4] }, axesInput(axes)], attrs: [attr.int('keepdims', keepdims)], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
