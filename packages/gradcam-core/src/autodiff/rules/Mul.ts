import type { VjpRule } from '../rule';

/** y = a · b: da = dy · b, db = dy · a (SiLU and squeeze-excitation gates go through here). */
export const mulGrad: VjpRule = {
  opType: 'Mul',
  differentiableInputs: [0, 1],
  broadcasts: true,
  grad: ({ b, node, dy, needs }) => {
    const [x, y] = [node.inputs[0]!, node.inputs[1]!];
    return [needs[0] ? b.op('Mul', [dy, y]) : undefined, needs[1] ? b.op('Mul', [dy, x]) : undefined];
  },
};
