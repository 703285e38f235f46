import { attr } from '../../onnx/attributes';
import { broadcastAxes } from '../broadcast';
import type { VjpRule } from '../rule';

/** y = a · b (numpy matmul): da = dy · bᵀ, db = aᵀ · dy, each summed over the batch axes it was broadcast along. */
export const matMulGrad: VjpRule = {
  opType: 'MatMul',
  differentiableInputs: [0, 1],
  grad: ({ b, node, dy, needs, shapeOf }) => {
    const [a, m] = [node.inputs[0]!, node.inputs[1]!];
    const [aShape, mShape] = [shapeOf(a), shapeOf(m)];
    // 1-D operands as matrices ([k] -> [1,k] on the left, [k,1] on the right); dy regains the dropped axes.
    const a2 = aShape.length === 1 ? [1, aShape[0]!] : aShape;
    const m2 = mShape.length === 1 ? [mShape[0]!, 1] : mShape;
    const rank = Math.max(a2.length, m2.length);
    const batch = Array.from({ length: rank - 2 }, (_, k) => Math.max(a2[k - rank + a2.length] ?? 1, m2[k - rank + m2.length] ?? 1));
    const dropped = [...(aShape.length === 1 ? [rank - 2] : []), ...(mShape.length === 1 ? [rank - 1] : [])];
    const dy2 = dropped.length === 0 ? dy : b.unsqueeze(dy, dropped);
    // Unsqueeze, not a Reshape to the probe's [1,k]: k may scale with the batch.
    const matrix = (v: string, shape: number[], axis: number): string => (shape.length === 1 ? b.unsqueeze(v, [axis]) : v);
    const transposed = (v: string, r: number): string =>
      b.op('Transpose', [v], [attr.ints('perm', [...Array.from({ length: r - 2 }, (_, k) => k), r - 1, r - 2])]);
    // Sum the batch axes the operand was broadcast along, then restore its own (run-time) shape.
    const back = (g: string, input: string, shape: number[], shape2: number[]): string => {
      const summed = b.reduceSum(g, broadcastAxes(shape2, [...batch, ...shape2.slice(-2)]), true);
      return shape.length === rank ? summed : b.op('Reshape', [summed, b.shape(input)]);
    };
    return [
      needs[0] ? back(b.op('MatMul', [dy2, transposed(matrix(m, mShape, 1), m2.length)]), a, aShape, a2) : undefined,
      needs[1] ? back(b.op('MatMul', [transposed(matrix(a, aShape, 0), a2.length), dy2]), m, mShape, m2) : undefined,
    ];
  },
};
