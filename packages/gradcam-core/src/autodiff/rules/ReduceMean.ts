import { attr } from '../../onnx/attributes';
import { reducedAxes, spreadBack } from '../reduce-grad';
import type { VjpRule } from '../rule';

/** y = mean_axes x: dx = dy / count broadcast back over the reduced axes (count = Π reduced sizes). */
export const reduceMeanGrad: VjpRule = {
  opType: 'ReduceMean',
  differentiableInputs: [0],
  grad: (ctx) => {
    const { b, node, dy, shapeOf } = ctx;
    const axes = reducedAxes(ctx);
    if (!axes) return [dy];
    const x = node.inputs[0]!;
    const xShape = shapeOf(x);
    // The batch axis has no static size: when it is reduced, divide by its run-time size too.
    const count = axes.filter((a) => a !== 0).reduce((p, a) => p * xShape[a]!, 1);
    let g = count === 1 ? dy : b.op('Mul', [dy, b.floats(1 / count)]);
    if (axes.includes(0)) g = b.op('Div', [g, b.op('Cast', [b.squeeze(b.shape(x, 0, 1), [0])], [attr.int('to', 1)])]);
    return [spreadBack(ctx, g, axes)];
  },
};
