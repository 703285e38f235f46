import { attr, attrInt } from '../../onnx/attributes';
import type { GradContext, VjpRule } from '../rule';

/**
 * The axes a Softmax/LogSoftmax normalises over. From opset 13 that is the one `axis` (default
 * −1); before, the input is flattened to 2-D at `axis` (default 1), i.e. axes axis..rank−1.
 */
export function softmaxAxes({ node, opset, shapeOf }: GradContext): number[] {
  const rank = shapeOf(node.inputs[0]!).length;
  const axis = (attrInt(node, 'axis', opset >= 13 ? -1 : 1) + rank) % rank;
  if (opset >= 13) return [axis];
  return Array.from({ length: rank - axis }, (_, k) => axis + k);
}

/** ReduceSum keeping dims, in the opset's form (axes an attribute before opset 13). */
export function sumKeepDims({ b, opset }: GradContext, x: string, axes: number[]): string {
  if (opset >= 13) return b.reduceSum(x, axes, true);
  return b.op('ReduceSum', [x], [attr.ints('axes', axes), attr.int('keepdims', 1)]);
}

/** y = softmax(x) along the axes: dx = y · (dy − Σ(dy · y)), the sum taken over those axes. */
export const softmaxGrad: VjpRule = {
  opType: 'Softmax',
  differentiableInputs: [0],
  grad: (ctx) => {
    const { b, node, dy } = ctx;
    const y = node.outputs[0]!;
    const inner = sumKeepDims(ctx, b.op('Mul', [dy, y]), softmaxAxes(ctx));
    return [b.op('Mul', [y, b.op('Sub', [dy, inner])])];
  },
};
