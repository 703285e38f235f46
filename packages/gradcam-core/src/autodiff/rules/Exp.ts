import type { VjpRule } from '../rule';

/** y = eˣ: dx = dy · y. */
export const expGrad: VjpRule = {
  opType: 'Exp',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Mul', [dy, node.outputs[0]!])],
};
