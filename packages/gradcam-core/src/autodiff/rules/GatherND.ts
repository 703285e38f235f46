import { attr, attrInt } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/**
 * y[k] = x[indices[k]] (slices of x picked by index tuples): dx = ScatterND(zeros, indices, dy)
 * with reduction 'add' (opset 16), so repeated tuples sum. Below opset 16 ScatterND cannot add:
 * constant indices without repeats scatter plainly, anything else is refused.
 */
export const gatherNDGrad: VjpRule = {
  opType: 'GatherND',
  differentiableInputs: [0],
  grad: ({ b, node, dy, opset, shapeOf, constantOf }) => {
    const [x, indices] = [node.inputs[0]!, node.inputs[1]!];
    if (attrInt(node, 'batch_dims', 0) !== 0) throw new UnsupportedOpError('GatherND', node.name, 'batch_dims > 0 (ScatterND has no batch_dims)');
    const zeros = b.op('ConstantOfShape', [b.shape(x)]);
    if (opset >= 16) return [b.op('ScatterND', [zeros, indices, dy], [attr.string('reduction', 'add')])];
    const values = constantOf(indices);
    const depth = shapeOf(indices).at(-1) ?? 1;
    const xShape = shapeOf(x);
    // Tuples compared after wrapping negative indices, so -1 and size − 1 count as one.
    const tuple = (k: number): string => values!.slice(k * depth, (k + 1) * depth).map((v, j) => (v < 0 ? v + xShape[j]! : v)).join(',');
    const tuples = values ? Array.from({ length: values.length / depth }, (_, k) => tuple(k)) : [];
    if (!values || new Set(tuples).size !== tuples.length)
      throw new UnsupportedOpError('GatherND', node.name, `opset ${opset} < 16: ScatterND cannot sum repeated or computed indices`);
    return [b.op('ScatterND', [zeros, indices, dy])];
  },
};
