import type { VjpRule } from '../rule';
import { extremumGrad } from '../extremum-grad';

/** y = min(x_1..x_n) element-wise, broadcasting: the gradient goes to the inputs equal to y, ties split evenly (as torch.minimum). */
export const minGrad: VjpRule = {
  opType: 'Min',
  differentiableInputs: 'all',
  broadcasts: true,
  grad: extremumGrad,
};
