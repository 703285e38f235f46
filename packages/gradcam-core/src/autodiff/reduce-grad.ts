/** Shared by the ReduceSum and ReduceMean rules: which axes a reduction took, and spreading a gradient back over them. */
import { attrInt, attrInts } from '../onnx/attributes';
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

/** The gradient of a reduction output, broadcast back to the input's (run-time) shape. */
export function spreadBack({ b, node }: GradContext, g: string, axes: number[]): string {
  const kept = attrInt(node, 'keepdims', 1) === 1 ? g : b.unsqueeze(g, axes);
  return b.op('Expand', [kept, b.shape(node.inputs[0]!)]);
}
