/** Shared by the element-wise Max and Min rules. */
import { attr } from '../onnx/attributes';
import { DataType } from '../onnx/ir';
import type { GradContext } from './rule';

/**
 * dx_i = dy · [x_i = y] / #{j : x_j = y}, in the output's shape (the walker sums broadcast axes).
 * Ties share the gradient evenly, as torch.maximum/minimum do (½ each for two inputs); a tie is rare
 * on activations but exact on clamps against a constant bound, where either choice is a subgradient.
 */
export function extremumGrad({ b, node, dy, needs }: GradContext): (string | undefined)[] {
  if (node.inputs.length === 1) return [dy];
  const y = node.outputs[0]!;
  const hits = node.inputs.map((x) => b.op('Cast', [b.op('Equal', [x, y])], [attr.int('to', DataType.FLOAT)]));
  const share = b.op('Div', [dy, b.op('Sum', hits)]);
  return hits.map((hit, k) => (needs[k] ? b.op('Mul', [share, hit]) : undefined));
}
