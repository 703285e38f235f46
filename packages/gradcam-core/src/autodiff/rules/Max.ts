import type { VjpRule } from '../rule';
import { extremumGrad } from '../extremum-grad';

/** y = max(x_1..x_n) element-wise, broadcasting: the gradient goes to the inputs equal to y, ties split evenly (as torch.maximum). */
export const maxGrad: VjpRule = {
  opType: 'Max',
  differentiableInputs: 'all',
  broadcasts: true,
  grad: extremumGrad,
};
