import { attr, attrInt } from '../../onnx/attributes';
import type { VjpRule } from '../rule';

/** y_k = x[..., offset_k : offset_k + size_k, ...]: dx = concat(dy_k, axis), zeros for outputs no gradient reaches. */
export const splitGrad: VjpRule = {
  opType: 'Split',
  differentiableInputs: [0],
  grad: ({ b, node, dyOrZeros }) => [
    b.op('Concat', node.outputs.map((_, k) => dyOrZeros(k)), [attr.int('axis', attrInt(node, 'axis', 0))]),
  ],
};
