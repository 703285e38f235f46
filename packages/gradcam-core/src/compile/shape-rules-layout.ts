/**
 * Shape rules of the ops that move elements without computing on them: Reshape and its kin,
 * Transpose, Concat, Split, Slice, Gather, Expand, Tile, Pad. Each also carries known elements
 * through, since torch's shape computations route sizes through Gather, Concat and Slice.
 */
import { attrInt, attrInts } from '../onnx/attributes';
import { broadcastShapes, fail, folded, generate, normAxis, numel, pick, type Facts, type RuleContext, type ShapeRule } from './shape-facts';

/** Same elements under a new shape. */
const reshaped = (x: Facts, shape: number[]): Facts => folded(shape, x.type, [x], () => x.values!);

/** Reshape's target: 0 copies the input's size (unless allowzero), one -1 takes what is left. */
function reshapeTarget(input: readonly number[], spec: readonly number[], allowZero: boolean): number[] {
  const out = spec.map((d, i) => (d === 0 && !allowZero ? (input[i] ?? fail(`0 at axis ${i} has no input axis to copy`)) : d));
  const free = out.filter((d) => d === -1).length;
  if (free > 1) fail(`shape [${spec}] has more than one -1`);
  const known = numel(out.filter((d) => d !== -1));
  if (free === 1) {
    if (known === 0 || numel(input) % known !== 0) fail(`cannot reshape [${input}] to [${spec}]`);
    out[out.indexOf(-1)] = numel(input) / known;
  }
  if (numel(out) !== numel(input)) fail(`cannot reshape [${input}] to [${spec}]`);
  return out;
}

const reshape: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  // Before opset 5 the target shape was an attribute.
  const spec = ctx.opset < 5 ? attrInts(ctx.node, 'shape', []) : ctx.known(1, 'shape');
  return [reshaped(x, reshapeTarget(x.shape, spec, attrInt(ctx.node, 'allowzero', 0) !== 0))];
};

const flatten: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const axis = attrInt(ctx.node, 'axis', 1);
  // axis may equal the rank (everything in the first factor), unlike other ops' axes.
  if (axis < -rank || axis > rank) fail(`axis ${axis} is out of range for rank ${rank}`);
  const split = axis < 0 ? axis + rank : axis;
  return [reshaped(x, [numel(x.shape.slice(0, split)), numel(x.shape.slice(split))])];
};

/** Squeeze/Unsqueeze took axes as an attribute before opset 13, as an input from 13 on. */
function axesOf(ctx: RuleContext): number[] | undefined {
  if (ctx.opset < 13) return attrInts(ctx.node, 'axes');
  return ctx.optional(1) ? ctx.known(1, 'axes') : undefined;
}

const squeeze: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const given = axesOf(ctx);
  const axes = given ? given.map((a) => normAxis(a, x.shape.length)) : x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) if (x.shape[a] !== 1) fail(`cannot squeeze axis ${a} of size ${x.shape[a]}`);
  return [reshaped(x, x.shape.filter((_, i) => !axes.includes(i)))];
};

const unsqueeze: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const given = axesOf(ctx) ?? fail('Unsqueeze needs axes');
  const rank = x.shape.length + given.length;
  const axes = given.map((a) => normAxis(a, rank));
  const rest = [...x.shape];
  return [reshaped(x, Array.from({ length: rank }, (_, i) => (axes.includes(i) ? 1 : rest.shift()!)))];
};

const transpose: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const perm = attrInts(ctx.node, 'perm', x.shape.map((_, i) => x.shape.length - 1 - i));
  if (perm.length !== x.shape.length) fail(`perm [${perm}] does not match rank ${x.shape.length}`);
  const shape = perm.map((p) => x.shape[normAxis(p, x.shape.length, 'perm entry')]!);
  return [pick(x, shape, (index) => x.shape.map((_, a) => index[perm.indexOf(a)]!))];
};

const concat: ShapeRule = (ctx) => {
  const inputs = ctx.node.inputs.map((_, k) => ctx.input(k));
  const first = inputs[0] ?? fail('Concat needs inputs');
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), first.shape.length);
  for (const f of inputs) {
    if (f.shape.length !== first.shape.length || f.shape.some((d, i) => i !== axis && d !== first.shape[i]))
      fail(`cannot concatenate [${f.shape}] with [${first.shape}] along axis ${axis}`);
  }
  const shape = first.shape.map((d, i) => (i === axis ? inputs.reduce((s, f) => s + f.shape[axis]!, 0) : d));
  return [
    folded(shape, first.type, inputs, () =>
      generate(shape, (index) => {
        let at = index[axis]!;
        let k = 0;
        while (at >= inputs[k]!.shape[axis]!) at -= inputs[k++]!.shape[axis]!;
        const part = inputs[k]!;
        const flat = index.reduce((p, v, a) => p * part.shape[a]! + (a === axis ? at : v), 0);
        return part.values![flat]!;
      }),
    ),
  ];
};

/** Sizes of Split's parts: the split input (opset 13+) or attribute, num_outputs (18+), or equal parts. */
function splitSizes(ctx: RuleContext, size: number): number[] {
  const parts = ctx.node.outputs.length;
  const given = ctx.opset >= 13 ? (ctx.optional(1) ? ctx.known(1, 'split') : undefined) : attrInts(ctx.node, 'split');
  if (given) {
    if (given.reduce((a, b) => a + b, 0) !== size) fail(`split [${given}] does not sum to ${size}`);
    return given;
  }
  const n = attrInt(ctx.node, 'num_outputs', parts);
  const chunk = Math.ceil(size / n);
  if (ctx.opset < 18 && size % n !== 0) fail(`${size} does not split into ${n} equal parts`);
  return Array.from({ length: n }, (_, k) => Math.max(0, Math.min(chunk, size - k * chunk)));
}

const split: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), x.shape.length);
  let offset = 0;
  return splitSizes(ctx, x.shape[axis]!).map((size) => {
    const from = offset;
    offset += size;
    const shape = x.shape.map((d, i) => (i === axis ? size : d));
    return pick(x, shape, (index) => index.map((v, a) => (a === axis ? v + from : v)));
  });
};

/** First index and element count of one sliced axis, with onnxruntime's clamping. */
function sliceRange(start: number, end: number, step: number, size: number): { first: number; count: number } {
  if (step === 0) fail('Slice step must not be 0');
  const s = start < 0 ? start + size : start;
  const e = end < 0 ? end + size : end;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  // Stepping backwards, start clamps to the last element and end to one before the first.
  const first = step > 0 ? clamp(s, 0, size) : clamp(s, 0, size - 1);
  const last = step > 0 ? clamp(e, 0, size) : clamp(e, -1, size - 1);
  return { first, count: Math.max(0, Math.ceil((last - first) / step)) };
}

const slice: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  // Before opset 10 starts/ends/axes were attributes and there were no steps.
  const old = ctx.opset < 10;
  const starts = old ? attrInts(ctx.node, 'starts', []) : ctx.known(1, 'starts');
  const ends = old ? attrInts(ctx.node, 'ends', []) : ctx.known(2, 'ends');
  const allAxes = starts.map((_, i) => i);
  const axes = (old ? attrInts(ctx.node, 'axes', allAxes) : ctx.optional(3) ? ctx.known(3, 'axes') : allAxes).map((a) => normAxis(a, rank));
  const steps = !old && ctx.optional(4) ? ctx.known(4, 'steps') : starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) fail('starts/ends/axes/steps differ in length');
  const first = x.shape.map(() => 0);
  const step = x.shape.map(() => 1);
  const shape = [...x.shape];
  axes.forEach((a, k) => {
    const r = sliceRange(starts[k]!, ends[k]!, steps[k]!, x.shape[a]!);
    [first[a], step[a], shape[a]] = [r.first, steps[k]!, r.count];
  });
  return [pick(x, shape, (index) => index.map((v, a) => first[a]! + v * step[a]!))];
};

/** Output: data's axes before `axis`, then the indices' axes, then data's axes after `axis`. */
const gather: ShapeRule = (ctx) => {
  const [data, indices] = [ctx.input(0), ctx.input(1)];
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), data.shape.length);
  const q = indices.shape.length;
  const shape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
  const size = data.shape[axis]!;
  return [
    pick(data, shape, (index) => {
      const flat = index.slice(axis, axis + q).reduce((p, v, i) => p * indices.shape[i]! + v, 0);
      const i = indices.values![flat]!;
      return [...index.slice(0, axis), i < 0 ? i + size : i, ...index.slice(axis + q)];
    }, [indices]),
  ];
};

/** indices [..., m] pick m-tuples: indices' axes but the last, then data's axes after the first batch_dims + m. */
const gatherND: ShapeRule = (ctx) => {
  const [data, indices] = [ctx.input(0), ctx.input(1)];
  const depth = indices.shape.at(-1) ?? fail('GatherND indices must have rank 1 or more');
  const batchDims = attrInt(ctx.node, 'batch_dims', 0);
  if (batchDims + depth > data.shape.length) fail(`index tuples of ${depth} after ${batchDims} batch axes exceed data [${data.shape}]`);
  return [{ shape: [...indices.shape.slice(0, -1), ...data.shape.slice(batchDims + depth)], type: data.type }];
};

const expand: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const shape = broadcastShapes([x.shape, ctx.known(1, 'shape')]);
  const offset = shape.length - x.shape.length;
  return [pick(x, shape, (index) => x.shape.map((d, a) => (d === 1 ? 0 : index[a + offset]!)))];
};

const tile: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const repeats = ctx.known(1, 'repeats');
  if (repeats.length !== x.shape.length) fail(`repeats [${repeats}] do not match rank ${x.shape.length}`);
  return [pick(x, x.shape.map((d, i) => d * repeats[i]!), (index) => index.map((v, a) => v % x.shape[a]!))];
};

/** pads: [begin of each axis..., end of each axis...]; an attribute before opset 11, then an input (+ axes from 18). */
const pad: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const pads = ctx.opset < 11 ? attrInts(ctx.node, ctx.opset < 2 ? 'paddings' : 'pads', []) : ctx.known(1, 'pads');
  const axes = ctx.opset >= 18 && ctx.optional(3) ? ctx.known(3, 'axes').map((a) => normAxis(a, rank)) : x.shape.map((_, i) => i);
  if (pads.length !== 2 * axes.length) fail(`pads [${pads}] do not match ${axes.length} axes`);
  const shape = [...x.shape];
  axes.forEach((a, k) => (shape[a] = shape[a]! + pads[k]! + pads[k + axes.length]!));
  return [{ shape, type: x.type }];
};

export const LAYOUT_RULES: Record<string, ShapeRule> = {
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  GatherND: gatherND,
  GatherElements: (ctx) => [{ shape: ctx.input(1).shape, type: ctx.input(0).type }],
  Expand: expand,
  Tile: tile,
  Pad: pad,
};
