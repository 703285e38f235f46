import { attr } from '../../../src/onnx/attributes';
import { floatTensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpCase } from '../../support/vjp-check';

/** Element-wise ops added for the transformer families, each on its own domain of smoothness. */
const unary: Array<[string, Partial<VjpCase>]> = [
  ['Abs', { kinks: [0], gap: 0.05 }],
  ['Reciprocal', { positive: true }],
  ['Log', { positive: true }],
  ['Softplus', {}],
];

describe.each(unary)('%s VJP', (op, opts) => {
  test.each([13, 17])('[N,C,H,W], opset %d', async (opset) => {
    const report = await checkVjp({ op, inputs: [{ shape: [2, 3, 4, 4] }], opset, ...opts });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5', async () => {
    const report = await checkVjp({ op, inputs: [{ shape: [2, 3, 4] }], runBatch: 5, ...opts });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('Gelu VJP (opset 20)', () => {
  test.each(['none', 'tanh'])('approximate %s, inputs in [-3, 3)', async (approximate) => {
    const report = await checkGraphVjp(
      { inputs: { x: [2, 3, 8] }, nodes: [{ op: 'Gelu', inputs: ['x'], outputs: ['y'], attrs: [attr.string('approximate', approximate)] }], outputs: ['y'], opset: 20 },
      { scale: 3, runBatch: 4 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('default approximate (none)', async () => {
    const report = await checkVjp({ op: 'Gelu', inputs: [{ shape: [2, 5] }], opset: 20 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe.each(['Max', 'Min'])('%s VJP', (op) => {
  test.each([
    ['two inputs, same shape', [[2, 3, 4], [2, 3, 4]]],
    ['three inputs broadcasting [N,C,L], [C,1], [L]', [[2, 3, 4], [3, 1], [4]]],
    ['one input (identity)', [[2, 3]]],
  ])('%s', async (_label, shapes) => {
    for (const opset of [13, 17]) {
      // Random operands come close to each other (the kinks of max/min): a small step stays off them.
      const report = await checkVjp({ op, inputs: shapes.map((shape, k) => ({ shape, unbatched: k > 0 })), opset, eps: 1e-3 });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('probed at batch 2, run at batch 3, broadcast operand summed back', async () => {
    const report = await checkVjp({ op, inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1], unbatched: true }], runBatch: 3, eps: 1e-3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('a tie everywhere (op(x, x) = x): the halves add up to the full gradient', async () => {
    const report = await checkGraphVjp({ inputs: { x: [2, 3] }, nodes: [{ op, inputs: ['x', 'x'], outputs: ['y'] }], outputs: ['y'] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('clamp against a constant bound (torch.clamp with a tensor bound), kinks avoided', async () => {
    const report = await checkVjp({ op, inputs: [{ shape: [2, 6] }, { shape: [], values: [0.25] }], kinks: [0.25], gap: 0.05 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('Sum VJP', () => {
  test('three inputs broadcasting, run at another batch', async () => {
    const report = await checkVjp({ op: 'Sum', inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1], unbatched: true }, { shape: [2, 3, 4] }], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('CastLike VJP (opset 15+)', () => {
  test('float32 to the type of a float32 constant', async () => {
    const report = await checkVjp({ op: 'CastLike', inputs: [{ shape: [2, 3] }, { shape: [], values: [0] }], opset: 18, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('Mod VJP (fmod = 1 on floats)', () => {
  // b = x1 + 0.4 in [0.6, 1.4): a/b stays in (-1.7, 1.7), so only the jumps at a = ±b are near.
  test.each([13, 17])('both operands differentiated, opset %d', async (opset) => {
    const report = await checkGraphVjp(
      {
        inputs: { a: [2, 8], x1: [2, 8] },
        initializers: [floatTensor('shift', [], [0.4])],
        nodes: [
          { op: 'Add', inputs: ['x1', 'shift'], outputs: ['b'] },
          { op: 'Mod', inputs: ['a', 'b'], outputs: ['y'], attrs: [attr.int('fmod', 1)] },
        ],
        outputs: ['y'],
        opset,
      },
      { positive: true, eps: 1e-3 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('broadcast divisor, run at another batch', async () => {
    const report = await checkVjp({ op: 'Mod', inputs: [{ shape: [2, 4] }, { shape: [4], values: [2.5, 3, 1.5, 4] }], attrs: [attr.int('fmod', 1)], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
