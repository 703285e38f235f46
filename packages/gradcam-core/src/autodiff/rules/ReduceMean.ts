import { attr } from '../../onnx/attributes';
import { DataType } from '../../onnx/ir';
import { reducedAxes, spreadBack } from '../reduce-grad';
import type { VjpRule } from '../rule';

/** y = mean_axes x: dx = dy / count broadcast back over the reduced axes (count = Π reduced sizes). */
export const reduceMeanGrad: VjpRule = {
  opType: 'ReduceMean',
  differentiableInputs: [0],
  grad: (ctx) => {
    const { b, node, dy } = ctx;
    const axes = reducedAxes(ctx);
    if (!axes) return [dy];
    // count = Size(x) / Size(y), read at run time: any reduced axis may scale with the batch (axis 0,
    // or Swin's N·windows axis, or the batch moved elsewhere by a Transpose), so no static size is baked in.
    const size = (v: string): string => b.op('Cast', [b.op('Size', [v])], [attr.int('to', DataType.FLOAT)]);
    const inverse = b.op('Div', [size(node.outputs[0]!), size(node.inputs[0]!)]);
    return [spreadBack(ctx, b.op('Mul', [dy, inverse]), axes)];
  },
};
