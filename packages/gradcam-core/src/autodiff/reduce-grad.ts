/** Shared by the Reduce* rules: which axes a reduction took, and spreading a gradient back over them. */
import { attr, attrInt, attrInts } from '../onnx/attributes';
import { DataType } from '../onnx/ir';
import { type GradContext, UnsupportedOpError } from './rule';

/** Reduced axes, normalised and sorted; undefined when the node is a no-op (empty axes with noop_with_empty_axes). */
export function reducedAxes({ node, shapeOf, constantOf }: GradContext): number[] | undefined {
  const rank = shapeOf(node.inputs[0]!).length;
  const input = node.inputs[1];
  let axes = attrInts(node, 'axes');
  if (input) {
    axes = constantOf(input);
    if (!axes) throw new UnsupportedOpError(node.opType, node.name, `axes '${input}' are computed in the graph, not a constant`);
  }
  if (!axes || axes.length === 0) {
    if (attrInt(node, 'noop_with_empty_axes', 0) === 1) return undefined;
    return Array.from({ length: rank }, (_, k) => k);
  }
  return [...new Set(axes.map((a) => (a + rank) % rank))].sort((p, q) => p - q);
}

/** A reduction's output-shaped value with the reduced axes present (size 1), so it broadcasts against x. */
export function kept({ b, node }: GradContext, v: string, axes: number[]): string {
  return attrInt(node, 'keepdims', 1) === 1 ? v : b.unsqueeze(v, axes);
}

/** The gradient of a reduction output, broadcast back to the input's (run-time) shape. */
export function spreadBack(ctx: GradContext, g: string, axes: number[]): string {
  return ctx.b.op('Expand', [kept(ctx, g, axes), ctx.b.shape(ctx.node.inputs[0]!)]);
}

/**
 * ReduceMax/ReduceMin: dx = dy · [x = y] / #{x = y} per reduced slab, i.e. ties share the gradient
 * evenly, as torch's amax/amin backward does (torch.max(dim) picks one index instead; both are
 * subgradients, and ties are rare on activations).
 */
export function reduceExtremumGrad(ctx: GradContext): string {
  const { b, node, dy } = ctx;
  const x = node.inputs[0]!;
  const axes = reducedAxes(ctx);
  // noop_with_empty_axes: y = x.
  if (!axes) return dy;
  const hit = b.op('Cast', [b.op('Equal', [x, kept(ctx, node.outputs[0]!, axes)])], [attr.int('to', DataType.FLOAT)]);
  const share = b.op('Div', [kept(ctx, dy, axes), b.reduceSum(hit, axes, true)]);
  return b.op('Mul', [hit, share]);
}
