/**
 * Gradients known to be zero outside a block of rows of axis 1. A class-token head reads one row
 * of the last tokens [N, T, C] (Gather on axis 1), so the gradient flowing back through the final
 * norm, the last MLP and the residual stream is zero at every other token. Computed densely, that
 * costs as much as a forward pass of those layers over all T tokens; on the rows alone, 1/T of it.
 *
 * The walker keeps such a gradient as its rows while it crosses nodes that treat the rows of
 * axis 1 independently (element-wise ops, a MatMul by a weight matrix, a normalisation or softmax
 * over later axes): the node's rule runs unchanged on a view of the node whose row-aligned values
 * are sliced to the block. Anywhere else the rows are padded back into the full tensor.
 */
import { attrInt } from '../onnx/attributes';
import type { GraphBuilder } from '../onnx/builder';
import type { Node } from '../onnx/ir';

export interface RowBlock {
  start: number;
  count: number;
  /** The full size of axis 1. */
  size: number;
}

export interface RowGradient {
  /** The gradient's rows [N, count, ...]. */
  rows: string;
  block: RowBlock;
}

export const isRowGradient = (g: string | RowGradient): g is RowGradient => typeof g !== 'string';

export const sameBlock = (a: RowBlock, b: RowBlock): boolean => a.start === b.start && a.count === b.count && a.size === b.size;

/**
 * The block a Gather on axis 1 with constant, contiguous indices reads from [N, T, ...], batch on
 * axis 0 (`batch`: the batch size the shapes were taken at), so that T is static.
 */
export function gatheredRows(node: Node, xShape: readonly number[], indices: readonly number[] | undefined, batch: number): RowBlock | undefined {
  if (node.opType !== 'Gather' || attrInt(node, 'axis', 0) !== 1 || xShape.length < 3 || xShape[0] !== batch || !indices?.length) return undefined;
  const size = xShape[1]!;
  const rows = indices.map((i) => (i < 0 ? i + size : i));
  const start = rows[0]!;
  if (rows.some((r, k) => r !== start + k)) return undefined;
  return { start, count: rows.length, size };
}

const ELEMENTWISE = new Set([
  'Abs', 'Add', 'Cast', 'Clip', 'Div', 'Dropout', 'Erf', 'Exp', 'Gelu', 'HardSigmoid', 'HardSwish', 'Identity', 'Log', 'Mul', 'Neg',
  'Pow', 'Reciprocal', 'Relu', 'Sigmoid', 'Softplus', 'Sqrt', 'Sub', 'Tanh', 'Where',
]);

/**
 * Per value of `node` (inputs and its single output), the axis its rows are sliced on in the row
 * view, or null where it is used whole (weights, biases, values broadcast along the rows).
 * Undefined when the node mixes rows of axis 1.
 */
export function rowAxes(node: Node, shapeOf: (v: string) => number[], block: RowBlock, opset: number): Map<string, number | null> | undefined {
  if (node.outputs.length !== 1 && !(node.opType === 'LayerNormalization' && node.outputs.slice(1).every((o) => o === ''))) return undefined;
  const out = node.outputs[0]!;
  const outShape = shapeOf(out);
  const rank = outShape.length;
  if (rank < 3 || outShape[1] !== block.size) return undefined;
  const axes = new Map<string, number | null>([[out, 1]]);
  const lastAxesOnly = (axis: number): boolean => (axis + rank) % rank >= 2;
  if (node.opType === 'MatMul') {
    // Rows of A times a weight matrix: row-wise when B has no batch axes.
    const [a, m] = node.inputs as [string, string];
    if (shapeOf(a).length !== rank || shapeOf(m).length !== 2) return undefined;
    axes.set(a, 1).set(m, null);
    return axes;
  }
  if (node.opType === 'LayerNormalization' || node.opType === 'Softmax' || node.opType === 'LogSoftmax') {
    const axis = attrInt(node, 'axis', node.opType === 'LayerNormalization' || opset >= 13 ? -1 : 1);
    if (!lastAxesOnly(axis)) return undefined;
    node.inputs.forEach((v, k) => v && axes.set(v, k === 0 ? 1 : null));
    return axes;
  }
  if (!ELEMENTWISE.has(node.opType)) return undefined;
  for (const v of node.inputs) {
    if (!v) continue;
    const shape = shapeOf(v);
    const axis = 1 - (rank - shape.length); // numpy broadcasting aligns shapes on the right
    if (axis < 0 || shape[axis] === 1) axes.set(v, null);
    else if (shape[axis] === block.size) axes.set(v, axis);
    else return undefined;
  }
  return axes;
}

/** The block's rows of `value` along `axis`. */
export function sliceRows(b: GraphBuilder, value: string, axis: number, block: RowBlock): string {
  return b.op('Slice', [value, b.ints([block.start]), b.ints([block.start + block.count]), b.ints([axis])]);
}

/** The full gradient: the block's rows of `axis` padded with zeros. */
export function padRows(b: GraphBuilder, rows: string, block: RowBlock, rank: number, axis: number): string {
  const pads = Array<number>(2 * rank).fill(0);
  pads[axis] = block.start;
  pads[rank + axis] = block.size - block.start - block.count;
  return b.op('Pad', [rows, b.ints(pads)]);
}
