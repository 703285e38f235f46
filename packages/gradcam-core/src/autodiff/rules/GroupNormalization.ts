import { attrFloat, attrInt } from '../../onnx/attributes';
import { normalizeOver } from '../norm-grad';
import { UnsupportedOpError, type VjpRule } from '../rule';

/**
 * y = x̂·scale + bias, x̂ normalised over each group of C/G channels and all spatial positions.
 * The per-channel affine is scale[c] from opset 21; at opset 18 scale and bias are per group
 * ([G], deprecated by the spec for that reason), so each group's factor repeats C/G times.
 * dx = normalisation backward of g = dy·scale over x viewed as [N, G, C/G·spatial]. Scale and
 * bias are parameters, never downstream of a target layer: their gradients are not computed.
 */
export const groupNormalizationGrad: VjpRule = {
  opType: 'GroupNormalization',
  differentiableInputs: [0, 1, 2],
  grad: ({ b, node, dy, needs, opset, shapeOf }) => {
    if (needs[1] || needs[2]) throw new UnsupportedOpError('GroupNormalization', node.name, 'gradient with respect to computed scale or bias');
    const [x, scale] = [node.inputs[0]!, node.inputs[1]!];
    const xShape = shapeOf(x);
    const [channels, groups] = [xShape[1]!, attrInt(node, 'num_groups', 1)];
    const ones = Array<number>(xShape.length - 2).fill(1);
    const perChannel = opset >= 21
      ? b.op('Reshape', [scale, b.ints([channels, ...ones])])
      : b.op('Reshape', [b.op('Expand', [b.unsqueeze(scale, [1]), b.ints([groups, channels / groups])]), b.ints([channels, ...ones])]);
    // Reshape's 0 copies the run-time batch size.
    const grouped = (v: string): string => b.op('Reshape', [v, b.ints([0, groups, -1])]);
    const norm = normalizeOver(b, grouped(x), [2], attrFloat(node, 'epsilon', 1e-5));
    return [b.op('Reshape', [norm.dx(grouped(b.op('Mul', [dy, perChannel]))), b.shape(x)])];
  },
};
