import type { VjpRule } from '../rule';
import { reduceExtremumGrad } from '../reduce-grad';

/** y = max over the axes: the gradient goes to the maxima, ties shared evenly (as torch.amax). */
export const reduceMaxGrad: VjpRule = {
  opType: 'ReduceMax',
  differentiableInputs: [0],
  grad: (ctx) => [reduceExtremumGrad(ctx)],
};
