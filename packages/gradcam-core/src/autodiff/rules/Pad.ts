import { attrString } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/** Constant pad (p < 0 crops): dx = Pad(dy, −pads) crops what was added and zero-fills what was cropped. */
export const padGrad: VjpRule = {
  opType: 'Pad',
  differentiableInputs: [0],
  grad: ({ b, node, dy, constantOf }) => {
    const mode = attrString(node, 'mode', 'constant');
    if (mode !== 'constant') throw new UnsupportedOpError('Pad', node.name, `mode '${mode}' (only constant padding has a gradient rule)`);
    const pads = node.inputs[1]!;
    const values = constantOf(pads);
    const negated = values ? b.ints(values.map((p) => -p)) : b.op('Neg', [pads]);
    const axes = node.inputs[3];
    return [b.op('Pad', axes ? [dy, negated, '', axes] : [dy, negated])];
  },
};
