import { attrFloat } from '../../onnx/attributes';
import { normalizeOver } from '../norm-grad';
import type { VjpRule } from '../rule';

/**
 * y = x̂·scale[c] + B[c], x̂ normalised over the spatial axes of each (n, c). torch exports GroupNorm
 * below opset 18 as Reshape → InstanceNormalization (scale 1, B 0) → Reshape → Mul → Add.
 * dx = normalisation backward of g = dy·scale; dscale = Σ_{n,spatial} dy·x̂; dB = Σ_{n,spatial} dy.
 */
export const instanceNormalizationGrad: VjpRule = {
  opType: 'InstanceNormalization',
  differentiableInputs: [0, 1, 2],
  grad: ({ b, node, dy, needs, shapeOf }) => {
    const [x, scale] = [node.inputs[0]!, node.inputs[1]!];
    const rank = shapeOf(x).length;
    const spatial = Array.from({ length: rank - 2 }, (_, k) => k + 2);
    const norm = normalizeOver(b, x, spatial, attrFloat(node, 'epsilon', 1e-5));
    // scale [C] -> [C, 1, ..., 1], which broadcasts along axis 1.
    const perChannel = b.unsqueeze(scale, spatial.map((a) => a - 1));
    const others = [0, ...spatial];
    return [
      needs[0] ? norm.dx(b.op('Mul', [dy, perChannel])) : undefined,
      needs[1] ? b.reduceSum(b.op('Mul', [dy, norm.xHat]), others, false) : undefined,
      needs[2] ? b.reduceSum(dy, others, false) : undefined,
    ];
  },
};
