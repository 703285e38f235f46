import { reducedAxes, spreadBack } from '../reduce-grad';
import type { VjpRule } from '../rule';

/** y = Σ_axes x: dx = dy broadcast back over the reduced axes. */
export const reduceSumGrad: VjpRule = {
  opType: 'ReduceSum',
  differentiableInputs: [0],
  grad: (ctx) => {
    const axes = reducedAxes(ctx);
    return [axes ? spreadBack(ctx, ctx.dy, axes) : ctx.dy];
  },
};
