import type { VjpRule } from '../rule';

/** y = 1 / (1 + e^-x): dx = dy · y · (1 − y). */
export const sigmoidGrad: VjpRule = {
  opType: 'Sigmoid',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const y = node.outputs[0]!;
    return [b.op('Mul', [dy, b.op('Mul', [y, b.op('Sub', [b.floats(1), y])])])];
  },
};
