import { floatTensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { randomValues, rng } from '../../support/random';

/** cond = c > 0 for a constant c (a bool input cannot be a graph input of checkVjp). */
const whereGraph = (condShape: number[], aShape: number[], bShape: number[], opset = 17) => ({
  inputs: { a: aShape, b: bShape },
  initializers: [floatTensor('c', condShape, randomValues(condShape.reduce((p, q) => p * q, 1), rng(99)))],
  nodes: [
    { op: 'Greater', inputs: ['c', 'zero'], outputs: ['cond'] },
    { op: 'Where', inputs: ['cond', 'a', 'b'], outputs: ['y'] },
  ],
  outputs: ['y'],
  opset,
});

describe('Where VJP', () => {
  test.each([
    ['same shapes', [2, 3, 4], [2, 3, 4], [2, 3, 4], 17],
    ['condition broadcast [1,C,1]', [1, 3, 1], [2, 3, 4], [2, 3, 4], 17],
    ['a [N,C,1], b [L], condition [C,L]', [3, 4], [2, 3, 1], [4], 17],
    ['a and b broadcast against a full condition [N,C,L]', [2, 3, 4], [3, 1], [2, 1, 4], 17],
    ['condition broadcast, opset 13', [1, 3, 1], [2, 3, 4], [2, 3, 4], 13],
  ])('%s', async (_l, c, a, b, opset) => {
    const g = whereGraph(c, a, b, opset);
    g.initializers.push(floatTensor('zero', [], [0]));
    const report = await checkGraphVjp(g);
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('condition computed from the differentiated input (leaky ReLU = Where(x > 0, x, 0.1x))', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4, 4] },
        initializers: [floatTensor('zero', [], [0]), floatTensor('slope', [], [0.1])],
        nodes: [
          { op: 'Greater', inputs: ['x', 'zero'], outputs: ['cond'] },
          { op: 'Mul', inputs: ['x', 'slope'], outputs: ['leak'] },
          { op: 'Where', inputs: ['cond', 'x', 'leak'], outputs: ['y'] },
        ],
        outputs: ['y'],
      },
      { kinks: [0] },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5, condition [C,L], a [N,C,1], b [L]', async () => {
    const g = whereGraph([3, 4], [2, 3, 1], [4]);
    g.initializers.push(floatTensor('zero', [], [0]));
    const report = await checkGraphVjp(g, { runBatch: 5, unbatched: ['b'] });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
