import { attr, attrInts } from '../../onnx/attributes';
import type { VjpRule } from '../rule';

/** y = transpose(x, perm): dx = transpose(dy, perm⁻¹), where perm⁻¹[perm[i]] = i (default perm: reversed axes). */
export const transposeGrad: VjpRule = {
  opType: 'Transpose',
  differentiableInputs: [0],
  grad: ({ b, node, dy, shapeOf }) => {
    const rank = shapeOf(node.inputs[0]!).length;
    const perm = attrInts(node, 'perm', Array.from({ length: rank }, (_, k) => rank - 1 - k));
    const inverse = Array<number>(rank).fill(0);
    perm.forEach((p, i) => (inverse[p] = i));
    return [b.op('Transpose', [dy], [attr.ints('perm', inverse)])];
  },
};
