import { attr } from '../../onnx/attributes';
import type { VjpRule } from '../rule';

/**
 * y = tile(x, repeats): y[.., r·d_k + i, ..] = x[.., i, ..], so dx = Σ over the copies. dy is viewed
 * as [r_0, d_0, r_1, d_1, ...] and summed over the r axes. The view is built at run time from
 * Shape(x) and `repeats` (which torch may compute), so no probe size is baked in.
 */
export const tileGrad: VjpRule = {
  opType: 'Tile',
  differentiableInputs: [0],
  grad: ({ b, node, dy, shapeOf }) => {
    const [x, repeats] = [node.inputs[0]!, node.inputs[1]!];
    const rank = shapeOf(x).length;
    const pairs = Array.from({ length: rank }, (_, k) => [
      b.op('Slice', [repeats, b.ints([k]), b.ints([k + 1])]),
      b.shape(x, k, k + 1),
    ]).flat();
    const grouped = b.op('Reshape', [dy, b.op('Concat', pairs, [attr.int('axis', 0)])]);
    return [b.reduceSum(grouped, Array.from({ length: rank }, (_, k) => 2 * k), false)];
  },
};
