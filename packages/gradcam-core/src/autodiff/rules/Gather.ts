import { attr, attrInt } from '../../onnx/attributes';
import type { GraphBuilder } from '../../onnx/builder';
import type { VjpRule } from '../rule';

/** Π Shape(x)[start:end] at run time, as a 1-element int64 tensor. */
function runtimeSize(b: GraphBuilder, x: string, start: number, end?: number): string {
  return b.op('ReduceProd', [b.shape(x, start, end)], [attr.int('keepdims', 1)]);
}

/** y = x[.., indices, ..] on `axis`: dx[.., d, ..] = Σ_{k: indices[k] = d} dy[.., k, ..] = OneHot(indices)ᵀ · dy. */
export const gatherGrad: VjpRule = {
  opType: 'Gather',
  differentiableInputs: [0],
  grad: ({ b, node, dy, shapeOf }) => {
    // dy viewed as [P, K, Q] (P: axes before `axis`, K: index count, Q: axes after); a MatMul with the
    // [D, K] one-hot matrix sums repeated indices, so no ScatterElements reduction (opset 16) is needed.
    const [x, indices] = [node.inputs[0]!, node.inputs[1]!];
    const rank = shapeOf(x).length;
    const axis = (attrInt(node, 'axis', 0) + rank) % rank;
    const count = shapeOf(indices).reduce((p, d) => p * d, 1);
    // Any axis of x may scale with the batch, not only axis 0: Swin gathers q, k, v on axis 0 of
    // [3, N·windows, heads, T, d]. So D and Q are read at run time; only K (the index count) is static.
    const depth = b.shape(x, axis, axis + 1);
    const oneHot = b.op('OneHot', [b.op('Reshape', [indices, b.ints([-1])]), depth, b.floats([0, 1])], [attr.int('axis', 0)]);
    const after = axis === rank - 1 ? b.ints([1]) : runtimeSize(b, x, axis + 1);
    const grouped = b.op('Reshape', [dy, b.op('Concat', [b.ints([-1, count]), after], [attr.int('axis', 0)])]);
    return [b.op('Reshape', [b.op('MatMul', [oneHot, grouped]), b.shape(x)])];
  },
};
