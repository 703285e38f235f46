import { attr } from '../../onnx/attributes';
import type { GradContext, VjpRule } from '../rule';

// Slices at least this far reach the end of any axis (exporters write INT64_MAX or INT32_MAX).
const TO_END = 2 ** 31 - 1;

/**
 * Step-1 slices with constant bounds: dx = Pad(dy, pads). The sizes of x may scale with the batch
 * on any axis (axis 0, Swin's N·windows axis), so only one side of each sliced axis is static: the
 * begin pad when 0 ≤ start ≤ size ("anchored" at the start), else the end pad when the slice runs
 * to the end or ends at −k. The other side is (Shape(x) − Shape(dy)) − that side, at run time.
 * Undefined when some axis is anchored on neither side (x[-5:4]).
 */
function padForm(ctx: GradContext, starts: number[], ends: number[], axes: number[]): string | undefined {
  const { b, node, dy, shapeOf } = ctx;
  const xShape = shapeOf(node.inputs[0]!);
  const rank = xShape.length;
  const [begin, end, fromEnd] = [Array<number>(rank).fill(0), Array<number>(rank).fill(0), Array<number>(rank).fill(0)];
  for (let k = 0; k < axes.length; k++) {
    const [a, s, e, dim] = [axes[k]!, starts[k]!, ends[k]!, xShape[axes[k]!]!];
    if (s >= 0 && s <= dim) begin[a] = s;
    else if (e >= TO_END || (e < 0 && e >= -dim)) [fromEnd[a], end[a]] = [1, e >= TO_END ? 0 : -e];
    else return undefined;
  }
  const total = b.op('Sub', [b.shape(node.inputs[0]!), b.shape(dy)]);
  // begins = begin where anchored at the start, total − end where anchored at the end.
  const begins = b.op('Add', [b.ints(begin), b.op('Mul', [b.ints(fromEnd), b.op('Sub', [total, b.ints(end)])])]);
  const pads = b.op('Concat', [begins, b.op('Sub', [total, begins])], [attr.int('axis', 0)]);
  return b.op('Pad', [dy, pads]);
}

/**
 * Step-1 slices with computed starts (exporters write `x[..., i*d:(i+1)*d]` with bounds from the
 * shape, e.g. ViT's packed q/k/v): dx = Pad(dy) with the begin pads computed at run time as ONNX
 * Slice clamps them — start + size when negative, then within [0, size]. A scatter over every
 * position of x (the general form) costs more than the backward pass it belongs to.
 */
function computedPadForm(ctx: GradContext, axes: number[]): string {
  const { b, node, dy, shapeOf } = ctx;
  const x = node.inputs[0]!;
  const rank = shapeOf(x).length;
  const sizes = b.op('Gather', [b.shape(x), b.ints(axes)]);
  const starts = b.op('Cast', [node.inputs[1]!], [attr.int('to', 7)]);
  const wrapped = b.op('Where', [b.op('Less', [starts, b.ints([0], [])]), b.op('Add', [starts, sizes]), starts]);
  const clamped = b.op('Max', [b.op('Min', [wrapped, sizes]), b.ints([0], [])]);
  const begins = b.op('ScatterElements', [b.ints(Array<number>(rank).fill(0)), b.ints(axes), clamped]);
  const total = b.op('Sub', [b.shape(x), b.shape(dy)]);
  return b.op('Pad', [dy, b.op('Concat', [begins, b.op('Sub', [total, begins])], [attr.int('axis', 0)])]);
}

/** y = x[starts:ends:steps] on `axes`: dx = dy at the positions sliced out of x, 0 elsewhere. */
export const sliceGrad: VjpRule = {
  opType: 'Slice',
  differentiableInputs: [0],
  grad: (ctx) => {
    const { b, node, dy, shapeOf, constantOf } = ctx;
    const x = node.inputs[0]!;
    const rank = shapeOf(x).length;
    const input = (k: number): number[] | undefined => (node.inputs[k] ? constantOf(node.inputs[k]) : undefined);
    const [starts, ends] = [input(1), input(2)];
    const axes = node.inputs[3] ? input(3)?.map((a) => (a + rank) % rank) : starts?.map((_, k) => k);
    const stepOne = node.inputs[4] ? (input(4)?.every((s) => s === 1) ?? false) : true;
    const padded = starts && ends && axes && stepOne ? padForm(ctx, starts, ends, axes) : undefined;
    if (padded) return [padded];
    // Computed bounds on constant axes, step 1: the begin pads at run time.
    const fixedAxes = node.inputs[3] ? axes : shapeOf(node.inputs[1]!).length === 1 ? Array.from({ length: shapeOf(node.inputs[1]!)[0]! }, (_, k) => k) : undefined;
    if (fixedAxes && stepOne) return [computedPadForm(ctx, fixedAxes)];
    // Otherwise (other steps, computed axes or steps): the same Slice applied to the flat positions of x says
    // where each dy element goes; positions are distinct, so no reduction is needed.
    const flat = b.ints([-1]);
    const positions = b.op('Reshape', [b.op('Range', [b.ints([0], []), b.op('Size', [x]), b.ints([1], [])]), b.shape(x)]);
    const picked = b.op('Slice', [positions, ...node.inputs.slice(1)]);
    const zeros = b.op('Reshape', [b.op('ConstantOfShape', [b.shape(x)]), flat]);
    const scattered = b.op('ScatterElements', [zeros, b.op('Reshape', [picked, flat]), b.op('Reshape', [dy, flat])]);
    return [b.op('Reshape', [scattered, b.shape(x)])];
  },
};
