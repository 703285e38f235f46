import { attrFloat } from '../../onnx/attributes';
import type { VjpRule } from '../rule';

/** y = max(0, min(1, α·x + β)): dx = dy · α where 0 < y < 1 (the linear part), else 0. */
export const hardSigmoidGrad: VjpRule = {
  opType: 'HardSigmoid',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    // ONNX's default α is 0.2; torch exports 1/6. Testing the output, not x against −β/α and
    // (1−β)/α, keeps the mask right for any sign of α.
    const alpha = attrFloat(node, 'alpha', 0.2);
    const y = node.outputs[0]!;
    const linear = b.op('And', [b.op('Greater', [y, b.floats(0)]), b.op('Less', [y, b.floats(1)])]);
    return [b.op('Where', [linear, b.op('Mul', [dy, b.floats(alpha)]), b.floats(0)])];
  },
};
