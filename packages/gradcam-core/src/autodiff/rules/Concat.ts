import { attr, attrInt } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/** y = concat(x_1..x_n, axis): each input's gradient is its slab of dy, cut out by one Split. */
export const concatGrad: VjpRule = {
  opType: 'Concat',
  differentiableInputs: 'all',
  grad: ({ b, node, dy, shapeOf }) => {
    const rank = shapeOf(node.outputs[0]!).length;
    const axis = (attrInt(node, 'axis', 0) + rank) % rank;
    if (axis === 0) throw new UnsupportedOpError('Concat', node.name, 'concatenation along the batch axis');
    const sizes = node.inputs.map((x) => shapeOf(x)[axis]!);
    return b.node('Split', [dy, b.ints(sizes)], [attr.int('axis', axis)], sizes.length);
  },
};
