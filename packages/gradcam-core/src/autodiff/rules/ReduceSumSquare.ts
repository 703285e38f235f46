import { kept, reducedAxes } from '../reduce-grad';
import type { VjpRule } from '../rule';

/** y = Σ x² over the axes: dx = 2 · x · dy (dy broadcast back over the reduced axes). */
export const reduceSumSquareGrad: VjpRule = {
  opType: 'ReduceSumSquare',
  differentiableInputs: [0],
  grad: (ctx) => {
    const { b, node, dy } = ctx;
    const x = node.inputs[0]!;
    const axes = reducedAxes(ctx);
    const dyk = axes ? kept(ctx, dy, axes) : dy;
    return [b.op('Mul', [dyk, b.op('Mul', [x, b.floats(2)])])];
  },
};
