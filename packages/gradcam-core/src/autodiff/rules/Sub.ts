import type { VjpRule } from '../rule';

/** y = a − b: da = dy, db = −dy (the walker sums both back over broadcast axes). */
export const subGrad: VjpRule = {
  opType: 'Sub',
  differentiableInputs: [0, 1],
  broadcasts: true,
  grad: ({ b, dy, needs }) => [needs[0] ? dy : undefined, needs[1] ? b.op('Neg', [dy]) : undefined],
};
