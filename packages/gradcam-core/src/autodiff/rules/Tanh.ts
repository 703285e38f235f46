import type { VjpRule } from '../rule';

/** y = tanh(x): dx = dy · (1 − y²). */
export const tanhGrad: VjpRule = {
  opType: 'Tanh',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const y = node.outputs[0]!;
    return [b.op('Mul', [dy, b.op('Sub', [b.floats(1), b.op('Mul', [y, y])])])];
  },
};
