import { kept, reducedAxes } from '../reduce-grad';
import type { VjpRule } from '../rule';

/** y = √Σ x² over the axes (Swin V2's F.normalize): dx = dy · x / y, and 0 where y = 0 (as torch's norm). */
export const reduceL2Grad: VjpRule = {
  opType: 'ReduceL2',
  differentiableInputs: [0],
  grad: (ctx) => {
    const { b, node, dy } = ctx;
    const x = node.inputs[0]!;
    const axes = reducedAxes(ctx);
    // With noop_with_empty_axes y = |x| element-wise (ONNX reduces nothing but still applies the op).
    if (!axes) return [b.op('Mul', [dy, b.op('Sign', [x])])];
    const [dyk, yk] = [kept(ctx, dy, axes), kept(ctx, node.outputs[0]!, axes)];
    const zero = b.floats(0);
    const ratio = b.op('Where', [b.op('Greater', [yk, zero]), b.op('Div', [x, yk]), zero]);
    return [b.op('Mul', [dyk, ratio])];
  },
};
