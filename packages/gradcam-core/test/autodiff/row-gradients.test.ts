/**
 * The gradient of a class-token head kept as its rows (autodiff/row-gradients.ts): through a
 * ViT's last layers — final LayerNorm, residual, MLP with an erf-GELU — against finite
 * differences, at another batch than the probe's, and emitted without a dense one-hot of the
 * Gather; then densified where attention mixes the tokens.
 */
import { attr } from '../../src/onnx/attributes';
import { floatTensor, int64Tensor } from '../../src/onnx/tensor';
import { checkGraphVjp, type GraphSpec } from '../support/graph-vjp-check';

const [T, C, H, K] = [5, 4, 6, 3];
const weights = (name: string, dims: number[], phase: number) => floatTensor(name, dims, Array.from({ length: dims.reduce((a, c) => a * c, 1) }, (_, i) => 0.6 * Math.sin(i * 1.7 + phase)));

/** x [N,T,C] -> (attention?) -> x + MLP(LN(x)) -> LN -> Gather(rows, axis 1) -> Gemm. */
function vitTail(rows: number[], attention: boolean): GraphSpec {
  const nodes: GraphSpec['nodes'] = [];
  let stream = 'x';
  if (attention) {
    // softmax(x·xᵀ)·x: every token's output reads every token.
    nodes.push(
      { op: 'Transpose', inputs: ['x'], outputs: ['xt'], attrs: [attr.ints('perm', [0, 2, 1])] },
      { op: 'MatMul', inputs: ['x', 'xt'], outputs: ['scores'] },
      { op: 'Softmax', inputs: ['scores'], outputs: ['p'], attrs: [attr.int('axis', -1)] },
      { op: 'MatMul', inputs: ['p', 'x'], outputs: ['mixed'] },
      { op: 'Add', inputs: ['x', 'mixed'], outputs: ['a'] },
    );
    stream = 'a';
  }
  nodes.push(
    { op: 'LayerNormalization', inputs: [stream, 'g1', 'b1'], outputs: ['h'], attrs: [attr.int('axis', -1)] },
    { op: 'MatMul', inputs: ['h', 'w1'], outputs: ['m'] },
    { op: 'Add', inputs: ['m', 'c1'], outputs: ['mb'] },
    { op: 'Div', inputs: ['mb', 'sqrt2'], outputs: ['md'] },
    { op: 'Erf', inputs: ['md'], outputs: ['me'] },
    { op: 'Add', inputs: ['me', 'one'], outputs: ['m1'] },
    { op: 'Mul', inputs: ['mb', 'm1'], outputs: ['mm'] },
    { op: 'Mul', inputs: ['mm', 'half'], outputs: ['gelu'] },
    { op: 'MatMul', inputs: ['gelu', 'w2'], outputs: ['m2'] },
    { op: 'Add', inputs: [stream, 'm2'], outputs: ['y'] },
    { op: 'LayerNormalization', inputs: ['y', 'g2', 'b2'], outputs: ['n'], attrs: [attr.int('axis', -1)] },
    { op: 'Gather', inputs: ['n', 'rows'], outputs: ['token'], attrs: [attr.int('axis', 1)] },
    ...(rows.length > 1 ? [{ op: 'ReduceMean', inputs: ['token'], outputs: ['pooled'], attrs: [attr.ints('axes', [1]), attr.int('keepdims', 0)] }] : []),
    { op: 'Gemm', inputs: [rows.length > 1 ? 'pooled' : 'token', 'wh'], outputs: ['logits'], attrs: [attr.int('transB', 1)] },
  );
  return {
    inputs: { x: [2, T, C] },
    initializers: [
      weights('g1', [C], 1), weights('b1', [C], 2), weights('w1', [C, H], 3), weights('c1', [H], 4), weights('w2', [H, C], 5),
      weights('g2', [C], 6), weights('b2', [C], 7), weights('wh', [K, C], 8),
      floatTensor('sqrt2', [], [Math.SQRT2]), floatTensor('one', [], [1]), floatTensor('half', [], [0.5]),
      rows.length === 1 ? int64Tensor('rows', [], rows) : int64Tensor('rows', [rows.length], rows),
    ],
    nodes,
    outputs: ['logits'],
  };
}

describe('a class-token gradient kept as its rows', () => {
  test.each([
    ['the class token (a scalar index)', [0]],
    ['class and distillation tokens, averaged (DeiT)', [0, 1]],
    ['a negative index: the last token', [-1]],
  ])('%s: exact, at any batch, without a dense one-hot', async (_label, rows) => {
    const report = await checkGraphVjp(vitTail(rows, false), { runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
    const ops = report.emitted.map((n) => n.opType);
    expect(ops).not.toContain('OneHot');
    // The rows of the input are padded back into the full [N,T,C] gradient once, at the end.
    expect(ops.filter((op) => op === 'Pad')).toHaveLength(1);
  });

  test('densified where attention mixes the tokens, and still exact', async () => {
    const report = await checkGraphVjp(vitTail([0], true), { runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
    expect(report.emitted.map((n) => n.opType)).toContain('Pad');
  });
});
