import { attr } from '../../onnx/attributes';
import { DataType } from '../../onnx/ir';
import type { GraphBuilder } from '../../onnx/builder';
import type { VjpRule } from '../rule';

function baseGrad(b: GraphBuilder, dy: string, a: string, e: string, constant: number[] | undefined): string {
  if (constant?.length === 1) {
    // The usual case, a constant scalar exponent (x², √x): fold e and e − 1 at compile time.
    const k = constant[0]!;
    if (k === 1) return dy;
    if (k === 2) return b.op('Mul', [dy, b.op('Mul', [a, b.floats(2)])]);
    return b.op('Mul', [b.op('Mul', [dy, b.floats(k)]), b.op('Pow', [a, b.floats(k - 1)])]);
  }
  // The exponent may be an integer tensor (Pow's T1): cast it to the base's float type.
  const ef = b.op('Cast', [e], [attr.int('to', DataType.FLOAT)]);
  return b.op('Mul', [b.op('Mul', [dy, ef]), b.op('Pow', [a, b.op('Sub', [ef, b.floats(1)])])]);
}

/** y = aᵉ: da = dy · e · aᵉ⁻¹, de = dy · y · ln(a). */
export const powGrad: VjpRule = {
  opType: 'Pow',
  differentiableInputs: [0, 1],
  broadcasts: true,
  grad: ({ b, node, dy, needs, constantOf }) => {
    const [a, e, y] = [node.inputs[0]!, node.inputs[1]!, node.outputs[0]!];
    const da = needs[0] ? baseGrad(b, dy, a, e, constantOf(e)) : undefined;
    const de = needs[1] ? b.op('Mul', [dy, b.op('Mul', [y, b.op('Log', [a])])]) : undefined;
    return [da, de];
  },
};
