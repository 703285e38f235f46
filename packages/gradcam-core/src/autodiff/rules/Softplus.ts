import type { VjpRule } from '../rule';

/** y = ln(1 + eˣ): dx = dy · σ(x). (Mish = x·tanh(softplus(x)) is exported as Softplus + Tanh + Mul.) */
export const softplusGrad: VjpRule = {
  opType: 'Softplus',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Mul', [dy, b.op('Sigmoid', [node.inputs[0]!])])],
};
