import type { VjpRule } from '../rule';
import { reduceExtremumGrad } from '../reduce-grad';

/** y = min over the axes: the gradient goes to the minima, ties shared evenly (as torch.amin). */
export const reduceMinGrad: VjpRule = {
  opType: 'ReduceMin',
  differentiableInputs: [0],
  grad: (ctx) => [reduceExtremumGrad(ctx)],
};
