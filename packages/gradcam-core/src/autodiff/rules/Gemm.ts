import { attr, attrFloat, attrInt } from '../../onnx/attributes';
import { reduceToShape } from '../broadcast';
import type { VjpRule } from '../rule';

/**
 * y = α·A'·B' + β·C, with A' = transA ? Aᵀ : A and B' likewise.
 * dA' = α·dy·B'ᵀ, dB' = α·A'ᵀ·dy, dC = β·dy summed back over C's broadcast axes.
 */
export const gemmGrad: VjpRule = {
  opType: 'Gemm',
  differentiableInputs: [0, 1, 2],
  grad: ({ b, node, dy, needs, shapeOf }) => {
    const [a, bm, c] = [node.inputs[0]!, node.inputs[1]!, node.inputs[2]];
    const alpha = attrFloat(node, 'alpha', 1);
    const beta = attrFloat(node, 'beta', 1);
    const transA = attrInt(node, 'transA', 0);
    const transB = attrInt(node, 'transB', 0);
    const gemm = (p: string, q: string, tp: number, tq: number): string =>
      b.op('Gemm', [p, q], [attr.float('alpha', alpha), attr.int('transA', tp), attr.int('transB', tq)]);
    // transA: dA = (dA')ᵀ = α·B'·dyᵀ; otherwise dA = α·dy·B'ᵀ.
    const dA = needs[0] ? (transA ? gemm(bm, dy, transB, 1) : gemm(dy, bm, 0, 1 - transB)) : undefined;
    // transB: dB = (dB')ᵀ = α·dyᵀ·A'; otherwise dB = α·A'ᵀ·dy.
    const dB = needs[1] ? (transB ? gemm(dy, a, 1, transA) : gemm(a, dy, 1 - transA, 0)) : undefined;
    let dC: string | undefined;
    if (needs[2] && c) {
      const scaled = beta === 1 ? dy : b.op('Mul', [dy, b.floats(beta)]);
      dC = reduceToShape(b, scaled, c, shapeOf(c), shapeOf(node.outputs[0]!));
    }
    return [dA, dB, dC];
  },
};
