import { attr, attrInt } from '../../onnx/attributes';
import { DataType } from '../../onnx/ir';
import type { VjpRule } from '../rule';

const FLOATING = new Set<number>([DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, 16 /* BFLOAT16 */]);

/** y = cast(x): dx = dy between float types; a cast to an integer or bool type passes no gradient. */
export const castGrad: VjpRule = {
  opType: 'Cast',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const to = attrInt(node, 'to', DataType.FLOAT);
    if (!FLOATING.has(to)) return [undefined];
    // dx takes x's type; every gradient here is float32 (seeds, constants), so x is taken to be too.
    return [to === DataType.FLOAT ? dy : b.op('Cast', [dy], [attr.int('to', DataType.FLOAT)])];
  },
};
