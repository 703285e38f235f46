import { attr, attrInt } from '../../onnx/attributes';
import type { VjpRule } from '../rule';

/** y = x[.., indices, ..] on `axis`: dx[.., d, ..] = Σ_{k: indices[k] = d} dy[.., k, ..] = OneHot(indices)ᵀ · dy. */
export const gatherGrad: VjpRule = {
  opType: 'Gather',
  differentiableInputs: [0],
  grad: ({ b, node, dy, shapeOf }) => {
    // dy viewed as [P, K, Q] (P: axes before `axis`, K: index count, Q: axes after); a MatMul with the
    // [D, K] one-hot matrix sums repeated indices, so no ScatterElements reduction (opset 16) is needed.
    const [x, indices] = [node.inputs[0]!, node.inputs[1]!];
    const xShape = shapeOf(x);
    const axis = (attrInt(node, 'axis', 0) + xShape.length) % xShape.length;
    const count = shapeOf(indices).reduce((p, d) => p * d, 1);
    const after = xShape.slice(axis + 1).reduce((p, d) => p * d, 1);
    // The batch axis has no static size: gathering along it, OneHot's depth is read at run time.
    const depth = axis === 0 ? b.shape(x, 0, 1) : b.ints([xShape[axis]!]);
    const oneHot = b.op('OneHot', [b.op('Reshape', [indices, b.ints([-1])]), depth, b.floats([0, 1])], [attr.int('axis', 0)]);
    const grouped = b.op('Reshape', [dy, b.ints(axis === 0 ? [count, after] : [-1, count, after])]);
    return [b.op('Reshape', [b.op('MatMul', [oneHot, grouped]), b.shape(x)])];
  },
};
