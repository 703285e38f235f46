import { attrFloat, attrInt } from '../../onnx/attributes';
import { reduceToShape } from '../broadcast';
import { normalizeOver } from '../norm-grad';
import { UnsupportedOpError, type VjpRule } from '../rule';

/** y = x̂·γ + β, x̂ = (x − mean)·rstd: with g = dy·γ, dx = rstd·(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ dy·x̂, dβ = Σ dy. */
export const layerNormalizationGrad: VjpRule = {
  opType: 'LayerNormalization',
  differentiableInputs: [0, 1, 2],
  grad: ({ b, node, dys, dy, needs, shapeOf }) => {
    if (dys[1] !== undefined || dys[2] !== undefined)
      throw new UnsupportedOpError('LayerNormalization', node.name, 'gradient flowing into the Mean or InvStdDev output');
    const [x, scale, bias] = [node.inputs[0]!, node.inputs[1]!, node.inputs[2]];
    const xShape = shapeOf(x);
    const rank = xShape.length;
    const axis = (attrInt(node, 'axis', -1) + rank) % rank;
    const axes = Array.from({ length: rank - axis }, (_, k) => axis + k);
    // Recomputed in-graph: mean, rstd = 1/√(var + ε), x̂.
    const norm = normalizeOver(b, x, axes, attrFloat(node, 'epsilon', 1e-5));
    const dx = needs[0] ? norm.dx(b.op('Mul', [dy, scale])) : undefined;
    const yShape = shapeOf(node.outputs[0]!);
    const dScale = needs[1] ? reduceToShape(b, b.op('Mul', [dy, norm.xHat]), scale, shapeOf(scale), yShape) : undefined;
    const dBias = needs[2] && bias ? reduceToShape(b, dy, bias, shapeOf(bias), yShape) : undefined;
    return [dx, dScale, dBias];
  },
};
