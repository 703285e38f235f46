/**
 * Which input drove the prediction: per sample, Σ over the target layer of gradient × activation.
 * Behind a pooled linear head this is exactly the branch's additive share of the target score
 * (bias aside): score = Σ_c W_c·mean_ij(A_c) + b, and ∂score/∂A_c[i,j] = W_c / (h·w).
 */
import type { GraphBuilder } from '../onnx/builder';

/** [N]: Σ_{c,i,j} g·A. A broadcast gradient (behind global pooling) is used before its Expand. */
export function branchContribution(b: GraphBuilder, activations: string, gradients: string): string {
  const source = b.broadcastSource(gradients);
  const products = source ? b.op('Mul', [source, b.reduceSum(activations, [2, 3], true)]) : b.op('Mul', [gradients, activations]);
  return b.reduceSum(products, [1, 2, 3], false);
}
