/**
 * The table op type -> shape rule used by static shape inference, and the rules of the ops that
 * create values (Constant, Shape, Size, ConstantOfShape, Range) or index them (TopK, OneHot).
 * Ops missing here (NonZero, control flow...) make inference give up, and the probe run
 * measures the shapes instead.
 */
import { attrInt, attrInts, attrTensor } from '../onnx/attributes';
import { DataType, type Node } from '../onnx/ir';
import { tensorValues } from '../onnx/tensor';
import { fail, folded, generate, normAxis, numel, tensorFacts, type ShapeRule } from './shape-facts';
import { LAYOUT_RULES } from './shape-rules-layout';
import { MATH_RULES } from './shape-rules-math';
import { SPATIAL_RULES } from './shape-rules-spatial';

const attribute = (node: Node, name: string) => node.attributes.find((a) => a.name === name);

/** A Constant's value, from whichever of its value attributes is set. */
const constant: ShapeRule = (ctx) => {
  const node = ctx.node;
  const tensor = attrTensor(node, 'value');
  if (tensor) return [tensorFacts(tensor)];
  const f = attribute(node, 'value_float')?.f;
  if (f !== undefined) return [{ shape: [], type: DataType.FLOAT, values: [Math.fround(f)] }];
  const floats = attribute(node, 'value_floats')?.floats;
  if (floats) return [{ shape: [floats.length], type: DataType.FLOAT, values: floats.map(Math.fround) }];
  const i = attrInt(node, 'value_int');
  if (i !== undefined) return [{ shape: [], type: DataType.INT64, values: [i] }];
  const ints = attrInts(node, 'value_ints');
  if (ints) return [{ shape: [ints.length], type: DataType.INT64, values: ints }];
  if (attribute(node, 'value_string')) return [{ shape: [], type: DataType.STRING }];
  const strings = attribute(node, 'value_strings')?.strings;
  if (strings) return [{ shape: [strings.length], type: DataType.STRING }];
  return fail('Constant without a dense value (sparse_value is not supported)');
};

/** The input's sizes from `start` to `end` (opset 15), clamped like a slice. */
const shape: ShapeRule = (ctx) => {
  const dims = ctx.input(0).shape;
  const rank = dims.length;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const values = dims.slice(clamp(attrInt(ctx.node, 'start', 0)), clamp(attrInt(ctx.node, 'end', rank)));
  return [{ shape: [values.length], type: DataType.INT64, values }];
};

const size: ShapeRule = (ctx) => [{ shape: [], type: DataType.INT64, values: [numel(ctx.input(0).shape)] }];

/** Filled with the `value` attribute's single element (float32 0 without it). */
const constantOfShape: ShapeRule = (ctx) => {
  const dims = ctx.known(0, 'shape');
  const value = attrTensor(ctx.node, 'value');
  const type = value?.dataType ?? DataType.FLOAT;
  return [folded(dims, type, [], () => {
    const fill = value ? (tensorValues(value)[0] ?? 0) : 0;
    return generate(dims, () => fill);
  })];
};

const scalar = (values: number[], what: string): number => (values.length === 1 ? values[0]! : fail(`${what} must be a scalar`));

const range: ShapeRule = (ctx) => {
  const start = scalar(ctx.known(0, 'start'), 'start');
  const limit = scalar(ctx.known(1, 'limit'), 'limit');
  const delta = scalar(ctx.known(2, 'delta'), 'delta');
  if (delta === 0) fail('Range delta must not be 0');
  const count = Math.max(Math.ceil((limit - start) / delta), 0);
  return [folded([count], ctx.input(0).type, [], () => Array.from({ length: count }, (_, k) => start + k * delta))];
};

/** Values and int64 indices, with k elements along `axis`; k is an input from opset 10. */
const topK: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const k = ctx.opset < 10 ? attrInt(ctx.node, 'k', 0) : scalar(ctx.known(1, 'k'), 'k');
  const axis = normAxis(attrInt(ctx.node, 'axis', -1), x.shape.length);
  const out = x.shape.map((d, i) => (i === axis ? k : d));
  return [{ shape: out, type: x.type }, { shape: out, type: DataType.INT64 }];
};

/** The indices' shape with a new axis of size `depth` at `axis`, typed like `values`. */
const oneHot: ShapeRule = (ctx) => {
  const indices = ctx.input(0);
  const depth = scalar(ctx.known(1, 'depth'), 'depth');
  const axis = normAxis(attrInt(ctx.node, 'axis', -1), indices.shape.length + 1);
  const out = [...indices.shape];
  out.splice(axis, 0, depth);
  return [{ shape: out, type: ctx.input(2).type }];
};

/** A Map, so that no op type can reach Object.prototype's members. */
export const SHAPE_RULES: ReadonlyMap<string, ShapeRule> = new Map(Object.entries({
  ...MATH_RULES,
  ...SPATIAL_RULES,
  ...LAYOUT_RULES,
  Constant: constant,
  Shape: shape,
  Size: size,
  ConstantOfShape: constantOfShape,
  Range: range,
  TopK: topK,
  OneHot: oneHot,
}));
