/**
 * Shape rules of the ops that slide a window over the spatial axes (Conv, ConvTranspose, pools)
 * or rescale them (Resize, Upsample, DepthToSpace). Sizes follow onnxruntime's CPU kernels, which
 * the probe run measured, including its ceil-mode correction for pools.
 */
import { attrInt, attrInts, attrString } from '../onnx/attributes';
import { DataType, type Node } from '../onnx/ir';
import { fail, type Facts, type RuleContext, type ShapeRule } from './shape-facts';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** begin pads of every spatial axis, then end pads. */
  pads: number[];
  autoPad: string;
}

function windowOf(node: Node, kernel: number[]): Window {
  const n = kernel.length;
  const ones = (): number[] => new Array<number>(n).fill(1);
  const window: Window = {
    kernel,
    strides: attrInts(node, 'strides', ones()),
    dilations: attrInts(node, 'dilations', ones()),
    pads: attrInts(node, 'pads', new Array<number>(2 * n).fill(0)),
    autoPad: attrString(node, 'auto_pad', 'NOTSET'),
  };
  if (window.strides.length !== n || window.dilations.length !== n || window.pads.length !== 2 * n)
    fail(`strides/dilations/pads do not match the ${n} spatial axes of kernel [${kernel}]`);
  return window;
}

const isSame = (w: Window): boolean => w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER';

/** Explicit begin/end pads of spatial axis i (none with VALID). */
function explicitPads(w: Window, i: number): [number, number] {
  if (w.autoPad === 'VALID') return [0, 0];
  if (w.autoPad !== 'NOTSET') fail(`auto_pad '${w.autoPad}' is not a valid value`);
  return [w.pads[i]!, w.pads[i + w.kernel.length]!];
}

const extentOf = (w: Window, i: number): number => (w.kernel[i]! - 1) * w.dilations[i]! + 1;

/** Conv: SAME keeps ceil(size / stride); otherwise floor((padded size - window extent) / stride) + 1. */
function convSize(w: Window, i: number, size: number): number {
  const stride = w.strides[i]!;
  if (isSame(w)) {
    if (w.dilations[i] !== 1) fail('onnxruntime does not support dilations with SAME auto_pad');
    return Math.ceil(size / stride);
  }
  const [begin, end] = explicitPads(w, i);
  const span = size + begin + end - extentOf(w, i);
  if (span < 0) fail(`window of extent ${extentOf(w, i)} is larger than the padded input (${size + begin + end})`);
  return Math.floor(span / stride) + 1;
}

/**
 * Pools follow onnxruntime's PoolAttributes rather than the spec: SAME pads as if the kernel were
 * not dilated, the division truncates toward zero (a window larger than the input still gives one
 * output), and in ceil mode a last window that would start in the end padding is dropped (as
 * PyTorch does).
 */
function poolSize(w: Window, i: number, size: number, ceil: boolean): number {
  const stride = w.strides[i]!;
  let begin: number;
  let total: number;
  if (isSame(w)) {
    total = (Math.ceil(size / stride) - 1) * stride + w.kernel[i]! - size;
    begin = Math.trunc((w.autoPad === 'SAME_LOWER' ? total + 1 : total) / 2);
  } else {
    const [head, tail] = explicitPads(w, i);
    [begin, total] = [head, head + tail];
  }
  const span = size + total - extentOf(w, i);
  const out = (ceil ? Math.ceil(span / stride) : Math.trunc(span / stride)) + 1;
  return ceil && (out - 1) * stride >= size + begin ? out - 1 : out;
}

function spatialOf(x: Facts, what: string): { batch: number; channels: number; spatial: number[] } {
  if (x.shape.length < 3) fail(`${what} input must be [N, C, spatial...], got [${x.shape}]`);
  return { batch: x.shape[0]!, channels: x.shape[1]!, spatial: x.shape.slice(2) };
}

const conv: ShapeRule = (ctx) => {
  const [x, w] = [ctx.input(0), ctx.input(1)];
  const { batch, spatial } = spatialOf(x, 'Conv');
  const window = windowOf(ctx.node, attrInts(ctx.node, 'kernel_shape', w.shape.slice(2)));
  if (window.kernel.length !== spatial.length) fail(`kernel [${window.kernel}] does not match input [${x.shape}]`);
  return [{ shape: [batch, w.shape[0]!, ...spatial.map((s, i) => convSize(window, i, s))], type: x.type }];
};

const convTranspose: ShapeRule = (ctx) => {
  const [x, w] = [ctx.input(0), ctx.input(1)];
  const { batch, spatial } = spatialOf(x, 'ConvTranspose');
  const window = windowOf(ctx.node, attrInts(ctx.node, 'kernel_shape', w.shape.slice(2)));
  const channels = w.shape[1]! * attrInt(ctx.node, 'group', 1);
  const outputShape = attrInts(ctx.node, 'output_shape');
  // output_shape may list all axes or only the spatial ones: its last entries are the spatial sizes.
  if (outputShape) return [{ shape: [batch, channels, ...outputShape.slice(-spatial.length)], type: x.type }];
  const outputPadding = attrInts(ctx.node, 'output_padding', new Array<number>(spatial.length).fill(0));
  const size = (s: number, i: number): number => {
    const stride = window.strides[i]!;
    const full = stride * (s - 1) + outputPadding[i]! + extentOf(window, i);
    // SAME trims the full output down to size · stride, but never pads it up to that.
    if (isSame(window)) return Math.min(full, s * stride);
    const [begin, end] = explicitPads(window, i);
    return full - begin - end;
  };
  return [{ shape: [batch, channels, ...spatial.map(size)], type: x.type }];
};

/** MaxPool also has an optional int64 Indices output of the same shape. */
const pool: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const { batch, channels, spatial } = spatialOf(x, ctx.node.opType);
  const window = windowOf(ctx.node, attrInts(ctx.node, 'kernel_shape', []));
  if (window.kernel.length !== spatial.length) fail(`kernel_shape [${window.kernel}] does not match input [${x.shape}]`);
  const ceil = attrInt(ctx.node, 'ceil_mode', 0) !== 0;
  const shape = [batch, channels, ...spatial.map((s, i) => poolSize(window, i, s, ceil))];
  return [{ shape, type: x.type }, { shape, type: DataType.INT64 }];
};

const globalPool: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const { batch, channels, spatial } = spatialOf(x, ctx.node.opType);
  return [{ shape: [batch, channels, ...spatial.map(() => 1)], type: x.type }];
};

/** floor(size · scale), the product taken in float32 as onnxruntime does. */
const scaled = (size: number, scale: number): number => Math.floor(Math.fround(Math.fround(scale) * size));

/** Output sizes of a Resize from `sizes` or `scales`, over all axes or those of the `axes` attribute. */
function resizeShape(ctx: RuleContext, x: Facts, scales: number[] | undefined, sizes: number[] | undefined): number[] {
  const rank = x.shape.length;
  const axes = attrInts(ctx.node, 'axes', Array.from({ length: rank }, (_, i) => i)).map((a) => (a < 0 ? a + rank : a));
  const out = [...x.shape];
  if (sizes && sizes.length > 0) {
    if (attrString(ctx.node, 'keep_aspect_ratio_policy', 'stretch') !== 'stretch') fail('keep_aspect_ratio_policy other than stretch');
    if (sizes.length !== axes.length) fail(`sizes [${sizes}] do not match the ${axes.length} resized axes`);
    axes.forEach((a, k) => (out[a] = sizes[k]!));
    return out;
  }
  if (!scales || scales.length !== axes.length) fail('Resize needs scales or sizes for every resized axis');
  axes.forEach((a, k) => (out[a] = scaled(x.shape[a]!, scales[k]!)));
  return out;
}

/** Inputs: X, scales (opset 10); X, roi, scales, sizes (opset 11+, empty scales when sizes are given). */
const resize: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  if (ctx.opset < 11) return [{ shape: resizeShape(ctx, x, ctx.known(1, 'scales'), undefined), type: x.type }];
  const scales = ctx.optional(2) ? ctx.known(2, 'scales') : undefined;
  const sizes = ctx.optional(3) ? ctx.known(3, 'sizes') : undefined;
  return [{ shape: resizeShape(ctx, x, scales, sizes), type: x.type }];
};

const upsample: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const scales = ctx.opset < 9 ? (ctx.node.attributes.find((a) => a.name === 'scales')?.floats ?? []) : ctx.known(1, 'scales');
  if (scales.length !== x.shape.length) fail(`scales [${scales}] do not match input [${x.shape}]`);
  return [{ shape: x.shape.map((d, i) => scaled(d, scales[i]!)), type: x.type }];
};

function blockRule(toSpace: boolean): ShapeRule {
  return (ctx) => {
    const x = ctx.input(0);
    const [n, c, h, w] = x.shape;
    if (x.shape.length !== 4 || n === undefined || c === undefined || h === undefined || w === undefined) fail(`input must be 4-D, got [${x.shape}]`);
    const b = attrInt(ctx.node, 'blocksize', 0);
    const shape = toSpace ? [n, c / (b * b), h * b, w * b] : [n, c * b * b, h / b, w / b];
    if (!shape.every(Number.isInteger)) fail(`blocksize ${b} does not divide [${x.shape}]`);
    return [{ shape, type: x.type }];
  };
}

/** Samples X [N, C, ...] at the grid [N, H_out, W_out, 2]: [N, C, H_out, W_out]. */
const gridSample: ShapeRule = (ctx) => {
  const [x, grid] = [ctx.input(0), ctx.input(1)];
  return [{ shape: [x.shape[0]!, x.shape[1]!, ...grid.shape.slice(1, -1)], type: x.type }];
};

export const SPATIAL_RULES: Record<string, ShapeRule> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  Resize: resize,
  Upsample: upsample,
  DepthToSpace: blockRule(true),
  SpaceToDepth: blockRule(false),
  GridSample: gridSample,
};
