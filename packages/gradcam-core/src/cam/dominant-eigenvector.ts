/**
 * The dominant eigenvector of symmetric positive semi-definite matrices [N,D,D], in-graph: ONNX
 * has no eigendecomposition. Power iteration in its squaring form: each step squares the matrix
 * and scales it to a largest entry of 1 (no overflow), so after SQUARINGS steps G^(2^K) is
 * reached in K products instead of 2^K matrix-vector products. Its columns then lie along v₁ up
 * to about (λ₂/λ₁)^(2^K) relative: K = 10 is 1024 plain iterations, 3e-5 at λ₂/λ₁ = 0.99 (the
 * fixtures' closest pair, 0.955, needs K = 8 for 1e-5).
 *
 * The start vector is the unit vector e_j of the largest diagonal entry of G^(2^K), i.e. of the
 * largest |v₁_j| (≥ 1/√D), so it is never orthogonal to v₁ — a fixed start vector can be (ones
 * always are, for the position Gram matrix of centred activations). Taking column j of G^(2^K)
 * is that last multiplication; the result's sign makes v₁_j positive.
 */
import { attr } from '../onnx/attributes';
import type { GraphBuilder } from '../onnx/builder';

export const SQUARINGS = 10;

/** v / ‖v‖ over the last two axes of [N,D,1]; a zero vector stays zero. */
export function unitVector(b: GraphBuilder, v: string): string {
  const norm = b.op('Sqrt', [b.reduceSum(b.op('Mul', [v, v]), [1, 2], true)]);
  return b.op('Div', [v, b.op('Add', [norm, b.floats(1e-30)])]);
}

/** The unit dominant eigenvector [N,D,1] of `matrix` [N,D,D] (symmetric, positive semi-definite). */
export function dominantEigenvector(b: GraphBuilder, matrix: string, size: number): string {
  const scaled = (m: string): string => b.op('Div', [m, b.op('Add', [b.reduce('ReduceMax', m, [1, 2], true), b.floats(1e-30)])]);
  let power = scaled(matrix);
  for (let k = 0; k < SQUARINGS; k++) power = scaled(b.op('MatMul', [power, power]));
  // The largest entry of a positive semi-definite matrix is on its diagonal: the column holding
  // it is column j of the largest G_jj.
  const j = b.op('ArgMax', [b.reduce('ReduceMax', power, [1], true)], [attr.int('axis', 2), attr.int('keepdims', 1)]); // [N,1,1]
  const column = b.op('GatherElements', [power, b.op('Expand', [j, b.ints([1, size, 1])])], [attr.int('axis', 2)]);
  return unitVector(b, column);
}
