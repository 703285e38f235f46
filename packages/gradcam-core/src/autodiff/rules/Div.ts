import type { VjpRule } from '../rule';

/** y = a / b: da = dy / b, db = −dy · a / b² = −dy · y / b. */
export const divGrad: VjpRule = {
  opType: 'Div',
  differentiableInputs: [0, 1],
  broadcasts: true,
  grad: ({ b, node, dy, needs }) => {
    const [den, y] = [node.inputs[1]!, node.outputs[0]!];
    return [
      needs[0] ? b.op('Div', [dy, den]) : undefined,
      needs[1] ? b.op('Neg', [b.op('Div', [b.op('Mul', [dy, y]), den])]) : undefined,
    ];
  },
};
