import type { VjpRule } from '../rule';

/** y = a + b: both receive dy (the walker sums it back over broadcast axes). */
export const addGrad: VjpRule = {
  opType: 'Add',
  differentiableInputs: [0, 1],
  broadcasts: true,
  grad: ({ dy }) => [dy, dy],
};
