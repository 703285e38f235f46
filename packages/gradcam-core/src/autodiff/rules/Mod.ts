import { attrInt } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/**
 * Float Mod (the spec requires fmod = 1 for floats): r = a − b·trunc(a/b), so da = dy and
 * db = −dy·trunc(a/b), away from the jumps. Integer Mod (Swin's window arithmetic on shapes) never
 * gets here: the walker differentiates floating-point values only.
 */
export const modGrad: VjpRule = {
  opType: 'Mod',
  differentiableInputs: [0, 1],
  broadcasts: true,
  grad: ({ b, node, dy, needs }) => {
    if (attrInt(node, 'fmod', 0) !== 1) throw new UnsupportedOpError('Mod', node.name, 'fmod = 0 on floating-point inputs (the spec allows it for integers only)');
    const [a, d] = [node.inputs[0]!, node.inputs[1]!];
    // trunc(q) = q − fmod(q, 1).
    const q = b.op('Div', [a, d]);
    const truncated = b.op('Sub', [q, b.op('Mod', [q, b.floats(1)], node.attributes)]);
    return [needs[0] ? dy : undefined, needs[1] ? b.op('Neg', [b.op('Mul', [dy, truncated])]) : undefined];
  },
};
