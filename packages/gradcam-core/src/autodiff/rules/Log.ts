import type { VjpRule } from '../rule';

/** y = ln x: dx = dy / x. */
export const logGrad: VjpRule = {
  opType: 'Log',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Div', [dy, node.inputs[0]!])],
};
