import type { VjpRule } from '../rule';

/** y = 1/x: dx = −dy · y². */
export const reciprocalGrad: VjpRule = {
  opType: 'Reciprocal',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const y = node.outputs[0]!;
    return [b.op('Neg', [b.op('Mul', [dy, b.op('Mul', [y, y])])])];
  },
};
