import { attrFloat, attrInt } from '../../onnx/attributes';
import { reduceToShape } from '../broadcast';
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
    const mean = (v: string): string => b.reduce('ReduceMean', v, axes, true);
    // Recomputed in-graph: mean, rstd = 1/√(var + ε), x̂.
    const centered = b.op('Sub', [x, mean(x)]);
    const variance = mean(b.op('Mul', [centered, centered]));
    const rstd = b.op('Reciprocal', [b.op('Sqrt', [b.op('Add', [variance, b.floats(attrFloat(node, 'epsilon', 1e-5))])])]);
    const xHat = b.op('Mul', [centered, rstd]);
    let dx: string | undefined;
    if (needs[0]) {
      const g = b.op('Mul', [dy, scale]);
      const inner = b.op('Sub', [b.op('Sub', [g, mean(g)]), b.op('Mul', [xHat, mean(b.op('Mul', [g, xHat]))])]);
      dx = b.op('Mul', [rstd, inner]);
    }
    const yShape = shapeOf(node.outputs[0]!);
    const dScale = needs[1] ? reduceToShape(b, b.op('Mul', [dy, xHat]), scale, shapeOf(scale), yShape) : undefined;
    const dBias = needs[2] && bias ? reduceToShape(b, dy, bias, shapeOf(bias), yShape) : undefined;
    return [dx, dScale, dBias];
  },
};
