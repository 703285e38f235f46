import type { VjpRule } from '../rule';

/** y = −x: dx = −dy. */
export const negGrad: VjpRule = {
  opType: 'Neg',
  differentiableInputs: [0],
  grad: ({ b, dy }) => [b.op('Neg', [dy])],
};
