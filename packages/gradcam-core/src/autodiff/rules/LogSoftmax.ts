import type { VjpRule } from '../rule';
import { softmaxAxes, sumKeepDims } from './Softmax';

/** y = x − log Σ eˣ along the axes: dx = dy − eʸ · Σ dy, the sum taken over those axes. */
export const logSoftmaxGrad: VjpRule = {
  opType: 'LogSoftmax',
  differentiableInputs: [0],
  grad: (ctx) => {
    const { b, node, dy } = ctx;
    const total = sumKeepDims(ctx, dy, softmaxAxes(ctx));
    return [b.op('Sub', [dy, b.op('Mul', [b.op('Exp', [node.outputs[0]!]), total])])];
  },
};
