import type { VjpRule } from '../rule';

/** y = erf(x): dx = dy · 2/√π · exp(−x²). */
export const erfGrad: VjpRule = {
  opType: 'Erf',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const x = node.inputs[0]!;
    const gauss = b.op('Exp', [b.op('Neg', [b.op('Mul', [x, x])])]);
    return [b.op('Mul', [dy, b.op('Mul', [gauss, b.floats(2 / Math.sqrt(Math.PI))])])];
  },
};
