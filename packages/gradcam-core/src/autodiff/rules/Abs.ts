import type { VjpRule } from '../rule';

/** y = |x|: dx = dy · sign(x) (0 at x = 0, as torch). */
export const absGrad: VjpRule = {
  opType: 'Abs',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Mul', [dy, b.op('Sign', [node.inputs[0]!])])],
};
