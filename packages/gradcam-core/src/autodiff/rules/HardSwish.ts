import type { VjpRule } from '../rule';

/** y = x · max(0, min(1, x/6 + 1/2)): dx = dy · (0 for x < −3, 1 for x ≥ 3, x/3 + 1/2 between). */
export const hardSwishGrad: VjpRule = {
  opType: 'HardSwish',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const x = node.inputs[0]!;
    const ramp = b.op('Add', [b.op('Mul', [x, b.floats(1 / 3)]), b.floats(0.5)]);
    const upper = b.op('Where', [b.op('GreaterOrEqual', [x, b.floats(3)]), b.floats(1), ramp]);
    const slope = b.op('Where', [b.op('Less', [x, b.floats(-3)]), b.floats(0), upper]);
    return [b.op('Mul', [dy, slope])];
  },
};
