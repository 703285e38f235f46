import type { VjpRule } from '../rule';

/** y = √x: dx = dy / (2·y). */
export const sqrtGrad: VjpRule = {
  opType: 'Sqrt',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Div', [b.op('Mul', [dy, b.floats(0.5)]), node.outputs[0]!])],
};
