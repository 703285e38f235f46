import type { VjpRule } from '../rule';

/**
 * y = x broadcast to a shape: dx = dy summed over the broadcast axes. That is the walker's
 * broadcast reduction, so the rule hands dy over in the output's shape.
 */
export const expandGrad: VjpRule = {
  opType: 'Expand',
  differentiableInputs: [0],
  broadcasts: true,
  grad: ({ dy }) => [dy],
};
