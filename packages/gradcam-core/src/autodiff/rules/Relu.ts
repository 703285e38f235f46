import type { VjpRule } from '../rule';

/** y = max(x, 0): dx = dy where x > 0, else 0 (torch's choice at 0). */
export const reluGrad: VjpRule = {
  opType: 'Relu',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const zero = b.floats(0);
    return [b.op('Where', [b.op('Greater', [node.inputs[0]!, zero]), dy, zero])];
  },
};
