import { attr, attrInt } from '../../onnx/attributes';
import type { VjpRule } from '../rule';

/** y = concat(x_1..x_n, axis): each input's gradient is its slab of dy, cut out by one Split. */
export const concatGrad: VjpRule = {
  opType: 'Concat',
  differentiableInputs: 'all',
  grad: ({ b, node, dy, shapeOf }) => {
    const rank = shapeOf(node.outputs[0]!).length;
    const axis = (attrInt(node, 'axis', 0) + rank) % rank;
    // The slab sizes are read at run time: the concatenated axis may scale with the batch (axis 0, or
    // the N·windows axis of Swin's torch.roll, exported as Slice + Concat).
    const sizes = b.op('Concat', node.inputs.map((x) => b.shape(x, axis, axis + 1)), [attr.int('axis', 0)]);
    return b.node('Split', [dy, sizes], [attr.int('axis', axis)], node.inputs.length);
  },
};
