import { attrString } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const K = 0.044715;

/**
 * Gelu (opset 20; earlier opsets export the same function as Erf or Tanh arithmetic).
 * 'none':  y = x·Φ(x),                 dx = dy · (Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π).
 * 'tanh':  y = x/2·(1 + tanh(u)), u = √(2/π)(x + 0.044715x³),
 *          dx = dy · (½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)), t = tanh(u).
 */
export const geluGrad: VjpRule = {
  opType: 'Gelu',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => {
    const x = node.inputs[0]!;
    const approximate = attrString(node, 'approximate', 'none');
    const mul = (p: string, q: string): string => b.op('Mul', [p, q]);
    const add = (p: string, q: string): string => b.op('Add', [p, q]);
    const x2 = mul(x, x);
    if (approximate === 'none') {
      const cdf = mul(add(b.op('Erf', [mul(x, b.floats(Math.SQRT1_2))]), b.floats(1)), b.floats(0.5));
      const pdf = mul(b.op('Exp', [mul(x2, b.floats(-0.5))]), b.floats(1 / Math.sqrt(2 * Math.PI)));
      return [mul(dy, add(cdf, mul(x, pdf)))];
    }
    if (approximate !== 'tanh') throw new UnsupportedOpError('Gelu', node.name, `approximate '${approximate}' (the spec allows 'none' and 'tanh')`);
    const t = b.op('Tanh', [mul(mul(x, add(mul(x2, b.floats(K)), b.floats(1))), b.floats(SQRT_2_OVER_PI))]);
    const du = mul(add(mul(x2, b.floats(3 * K)), b.floats(1)), b.floats(SQRT_2_OVER_PI));
    const slope = add(mul(add(t, b.floats(1)), b.floats(0.5)), mul(mul(x, b.floats(0.5)), mul(b.op('Sub', [b.floats(1), mul(t, t)]), du)));
    return [mul(dy, slope)];
  },
};
