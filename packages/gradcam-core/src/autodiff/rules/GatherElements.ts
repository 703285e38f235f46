import { attr, attrInt } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/**
 * y[.., k, ..] = x[.., indices[.., k, ..], ..] on `axis`: dx = ScatterElements(zeros, indices, dy)
 * with reduction 'add' (opset 16), so repeated indices sum. Below opset 16: dx = Σ_k OneHot(indices)·dy
 * over the index axis, which needs indices and x to agree on every other axis.
 */
export const gatherElementsGrad: VjpRule = {
  opType: 'GatherElements',
  differentiableInputs: [0],
  grad: ({ b, node, dy, opset, shapeOf }) => {
    const [x, indices] = [node.inputs[0]!, node.inputs[1]!];
    const [xShape, iShape] = [shapeOf(x), shapeOf(indices)];
    const axis = (attrInt(node, 'axis', 0) + xShape.length) % xShape.length;
    if (opset >= 16) {
      const zeros = b.op('ConstantOfShape', [b.shape(x)]);
      return [b.op('ScatterElements', [zeros, indices, dy], [attr.int('axis', axis), attr.string('reduction', 'add')])];
    }
    if (iShape.some((d, a) => a !== axis && d !== xShape[a]))
      throw new UnsupportedOpError('GatherElements', node.name, `opset ${opset} < 16 with indices [${iShape}] smaller than x [${xShape}] off axis ${axis}`);
    // OneHot inserts the depth axis after `axis`: [.., K, D, ..]; summing over K leaves x's shape.
    const depth = b.shape(x, axis, axis + 1);
    const hot = b.op('OneHot', [indices, depth, b.floats([0, 1])], [attr.int('axis', axis + 1)]);
    const spread = b.op('Mul', [hot, b.unsqueeze(dy, [axis + 1])]);
    return [b.reduceSum(spread, [axis], false)];
  },
};
