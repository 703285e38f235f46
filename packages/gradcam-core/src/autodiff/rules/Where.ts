import type { VjpRule } from '../rule';

/** y = cond ? a : b: da = dy where cond, db = dy where not (the walker sums broadcast axes back). */
export const whereGrad: VjpRule = {
  opType: 'Where',
  differentiableInputs: [1, 2],
  broadcasts: true,
  grad: ({ b, node, dy, needs }) => {
    const [cond, zero] = [node.inputs[0]!, b.floats(0)];
    // Where broadcasts cond against dy, so both gradients come out in the output's shape.
    return [undefined, needs[1] ? b.op('Where', [cond, dy, zero]) : undefined, needs[2] ? b.op('Where', [cond, zero, dy]) : undefined];
  },
};
