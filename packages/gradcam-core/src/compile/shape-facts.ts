/**
 * What static shape inference knows about a value, and the helpers every shape rule shares:
 * axis normalisation, broadcasting, and element-wise evaluation of small constants.
 */
import { DataType, type Node, type Tensor } from '../onnx/ir';
import { tensorValues, UnsupportedTensorError } from '../onnx/tensor';

/** What is known about one value before the model runs. */
export interface Facts {
  shape: number[];
  type: DataType;
  /**
   * The elements, row-major, when they are known without running the model: constants and what
   * shape computations (Shape -> Gather -> Concat -> Reshape...) derive from them.
   */
  values?: number[];
}

/** Thrown by a rule when the node's output shape cannot be known statically. */
export class ShapeInferenceError extends Error {
  override name = 'ShapeInferenceError';
}

export function fail(message: string): never {
  throw new ShapeInferenceError(message);
}

export interface RuleContext {
  readonly node: Node;
  /** The model's default-domain opset: several ops moved attributes to inputs over time. */
  readonly opset: number;
  /** Required input k. */
  input(k: number): Facts;
  /** Optional input k: undefined when absent or given as ''. */
  optional(k: number): Facts | undefined;
  /** Elements of input k that the output shape depends on (shape, axes, pads...): fails when not known. */
  known(k: number, what: string): number[];
}

/** Facts for each of the node's outputs, in order (trailing optional outputs may be left out). */
export type ShapeRule = (ctx: RuleContext) => Facts[];

/**
 * Constants up to this many elements are evaluated in JS. Shape computations stay far below it;
 * weights and activations above it are never evaluated.
 */
export const MAX_FOLDED_ELEMENTS = 4096;

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function normAxis(axis: number, rank: number, what = 'axis'): number {
  if (axis < -rank || axis >= rank) fail(`${what} ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** Numpy-style multidirectional broadcasting. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = new Array(rank).fill(1);
  for (const s of shapes) {
    const offset = rank - s.length;
    s.forEach((d, i) => {
      const cur = out[offset + i]!;
      if (d === cur || d === 1) return;
      if (cur !== 1) fail(`shapes [${shapes.map((x) => x.join(',')).join('] and [')}] do not broadcast`);
      out[offset + i] = d;
    });
  }
  return out;
}

const INTEGER_BITS: Partial<Record<DataType, { bits: number; signed: boolean }>> = {
  [DataType.INT8]: { bits: 8, signed: true },
  [DataType.UINT8]: { bits: 8, signed: false },
  [DataType.INT16]: { bits: 16, signed: true },
  [DataType.UINT16]: { bits: 16, signed: false },
  [DataType.INT32]: { bits: 32, signed: true },
  [DataType.UINT32]: { bits: 32, signed: false },
};

export const isInteger = (t: DataType): boolean => t === DataType.INT64 || t === DataType.UINT64 || INTEGER_BITS[t] !== undefined;

/** A JS number as an element of `type`: float32 rounding, integer truncation (as C++ casts do), bool 0/1. */
export function asElement(v: number, type: DataType): number {
  if (type === DataType.FLOAT) return Math.fround(v);
  if (type === DataType.BOOL) return v !== 0 ? 1 : 0;
  if (type === DataType.DOUBLE || !isInteger(type)) return v;
  const t = Math.trunc(v);
  const narrow = INTEGER_BITS[type];
  if (!narrow) return t;
  const span = 2 ** narrow.bits;
  const wrapped = ((t % span) + span) % span;
  return narrow.signed && wrapped >= span / 2 ? wrapped - span : wrapped;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const out: number[] = new Array(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i]!;
  }
  return out;
}

/** Builds a tensor's elements from the multi-index of each one (small constants only). */
export function generate(shape: readonly number[], element: (index: readonly number[]) => number): number[] {
  const n = numel(shape);
  const out: number[] = new Array(n);
  const index: number[] = new Array(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    out[flat] = element(index);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++index[a]! < shape[a]!) break;
      index[a] = 0;
    }
  }
  return out;
}

/** The element of `f` (values known) that broadcasting maps output multi-index `index` to. */
export function broadcastRead(f: Facts, outRank: number, index: readonly number[]): number {
  const offset = outRank - f.shape.length;
  let flat = 0;
  for (let i = 0; i < f.shape.length; i++) flat = flat * f.shape[i]! + (f.shape[i] === 1 ? 0 : index[offset + i]!);
  return f.values![flat]!;
}

/**
 * Output facts whose elements are computed only when every given input's elements are known and
 * the result is small; `compute` may then read `values!` of each of `inputs`.
 */
export function folded(shape: number[], type: DataType, inputs: readonly (Facts | undefined)[], compute: () => number[]): Facts {
  if (numel(shape) > MAX_FOLDED_ELEMENTS || !inputs.every((f) => f === undefined || f.values !== undefined)) return { shape, type };
  return { shape, type, values: compute().map((v) => asElement(v, type)) };
}

/** An element-wise op over numpy-broadcast inputs, evaluated when they are known. */
export function broadcastFold(inputs: readonly Facts[], type: DataType, f: (...xs: number[]) => number): Facts {
  const shape = broadcastShapes(inputs.map((i) => i.shape));
  return folded(shape, type, inputs, () => generate(shape, (index) => f(...inputs.map((i) => broadcastRead(i, shape.length, index)))));
}

/**
 * Output facts whose elements are read from `x` at the multi-index `source` gives for each output
 * multi-index (Transpose, Slice, Gather, Tile...); `extra` are further inputs that must be known.
 */
export function pick(x: Facts, shape: number[], source: (index: readonly number[]) => readonly number[], extra: readonly Facts[] = []): Facts {
  const strides = stridesOf(x.shape);
  return folded(shape, x.type, [x, ...extra], () =>
    generate(shape, (index) => x.values![source(index).reduce((flat, i, a) => flat + i * strides[a]!, 0)]!),
  );
}

/**
 * Facts of a constant tensor. Its elements (small numeric tensors only) are decoded on first read:
 * most initializers are weights no shape depends on, and decoding them all costs more than the walk.
 */
export function tensorFacts(t: Tensor): Facts {
  let decoded: number[] | undefined | null = null;
  const decode = (): number[] | undefined => {
    if (numel(t.dims) > MAX_FOLDED_ELEMENTS) return undefined;
    try {
      return tensorValues(t);
    } catch (err) {
      // Strings and float16 are never shape data: their shape is what matters.
      if (err instanceof UnsupportedTensorError) return undefined;
      throw err;
    }
  };
  return {
    shape: [...t.dims],
    type: t.dataType,
    get values() {
      if (decoded === null) decoded = decode();
      return decoded;
    },
  };
}
