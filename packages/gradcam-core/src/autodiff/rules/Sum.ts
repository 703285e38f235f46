import type { VjpRule } from '../rule';

/** y = Σ x_i (variadic, broadcasting): every input receives dy; the walker sums it back to each shape. */
export const sumGrad: VjpRule = {
  opType: 'Sum',
  differentiableInputs: 'all',
  broadcasts: true,
  grad: ({ node, dy }) => node.inputs.map(() => dy),
};
