/**
 * Shape rules of the arithmetic ops: element-wise (unary, broadcasting, Where), normalisations,
 * reductions and matrix products. Element-wise ops also evaluate small known inputs, since torch
 * exports size arithmetic (Mul, Div, Cast, Equal, Where on int64) as graph ops.
 */
import { attrFloat, attrInt, attrInts } from '../onnx/attributes';
import { DataType } from '../onnx/ir';
import { ELLIPSIS, expandTerm, parseEquation } from '../autodiff/einsum-equation';
import { broadcastFold, broadcastShapes, fail, folded, generate, normAxis, type Facts, type RuleContext, type ShapeRule } from './shape-facts';

/** Round half to even, as ONNX Round does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Same shape and type as input 0; the elements are evaluated when known. */
const UNARY_VALUES: Record<string, (x: number) => number> = {
  Identity: (x) => x,
  Neg: (x) => -x,
  Abs: Math.abs,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundHalfEven,
  Sqrt: Math.sqrt,
  Exp: Math.exp,
  Log: Math.log,
  Relu: (x) => Math.max(x, 0),
  Sign: Math.sign,
  Reciprocal: (x) => 1 / x,
  Not: (x) => (x ? 0 : 1),
  Tanh: Math.tanh,
};

/** Same shape and type as input 0; float results that never feed shape computations. */
const SAME_SHAPE_OPS = [
  'Sigmoid', 'HardSigmoid', 'HardSwish', 'Erf', 'Softmax', 'LogSoftmax', 'Hardmax', 'LeakyRelu', 'Elu', 'Selu', 'Celu', 'Gelu',
  'Softplus', 'Softsign', 'Mish', 'ThresholdedRelu', 'Shrink', 'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh',
  'Asinh', 'Acosh', 'Atanh', 'InstanceNormalization', 'LpNormalization', 'GroupNormalization', 'LRN', 'MeanVarianceNormalization',
  'CumSum', 'Trilu', 'ScatterND', 'ScatterElements', 'Scatter', 'ReverseSequence',
];

const BINARY_VALUES: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  // Integer division truncates toward zero (C++): asElement truncates the quotient for int types.
  Div: (a, b) => a / b,
  Pow: (a, b) => a ** b,
};

const COMPARISON_VALUES: Record<string, (a: number, b: number) => boolean> = {
  Equal: (a, b) => a === b,
  Greater: (a, b) => a > b,
  Less: (a, b) => a < b,
  GreaterOrEqual: (a, b) => a >= b,
  LessOrEqual: (a, b) => a <= b,
  And: (a, b) => a !== 0 && b !== 0,
  Or: (a, b) => a !== 0 || b !== 0,
  Xor: (a, b) => (a !== 0) !== (b !== 0),
};

/** Variadic broadcasting ops, folded pairwise. */
const VARIADIC_VALUES: Record<string, (a: number, b: number) => number> = {
  Max: Math.max,
  Min: Math.min,
  Sum: (a, b) => a + b,
};

const inputsOf = (ctx: RuleContext): Facts[] => ctx.node.inputs.map((_, k) => ctx.input(k));

function unaryRule(f: (x: number) => number): ShapeRule {
  return (ctx) => [broadcastFold([ctx.input(0)], ctx.input(0).type, f)];
}

const sameShape: ShapeRule = (ctx) => [{ shape: ctx.input(0).shape, type: ctx.input(0).type }];

function variadicRule(f: (a: number, b: number) => number): ShapeRule {
  return (ctx) => {
    const inputs = inputsOf(ctx);
    return [broadcastFold(inputs, inputs[0]!.type, (...xs) => xs.reduce(f))];
  };
}

const mod: ShapeRule = (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  // fmod=0 (integers only): the result takes the divisor's sign, like Python's %.
  const f = attrInt(ctx.node, 'fmod', 0) ? (x: number, y: number) => x % y : (x: number, y: number) => ((x % y) + y) % y;
  return [broadcastFold([a, b], a.type, f)];
};

const mean: ShapeRule = (ctx) => {
  const inputs = inputsOf(ctx);
  return [broadcastFold(inputs, inputs[0]!.type, (...xs) => xs.reduce((p, x) => p + x, 0) / xs.length)];
};

const where: ShapeRule = (ctx) => {
  const [c, x, y] = [ctx.input(0), ctx.input(1), ctx.input(2)];
  return [broadcastFold([c, x, y], x.type, (cv, xv, yv) => (cv ? xv : yv))];
};

const clip: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  if (ctx.opset < 11) {
    const [lo, hi] = [attrFloat(ctx.node, 'min', -Infinity), attrFloat(ctx.node, 'max', Infinity)];
    return [broadcastFold([x], x.type, (v) => Math.min(Math.max(v, lo), hi))];
  }
  const [lo, hi] = [ctx.optional(1), ctx.optional(2)];
  const bound = (f: Facts | undefined, fallback: number): number => f?.values?.[0] ?? fallback;
  return [folded(x.shape, x.type, [x, lo, hi], () => x.values!.map((v) => Math.min(Math.max(v, bound(lo, -Infinity)), bound(hi, Infinity))))];
};

const cast: ShapeRule = (ctx) => [broadcastFold([ctx.input(0)], attrInt(ctx.node, 'to', DataType.UNDEFINED), (x) => x)];
const castLike: ShapeRule = (ctx) => [broadcastFold([ctx.input(0)], ctx.input(1).type, (x) => x)];

/** Inference mode passes the data through; the mask (bool) is all true. */
const dropout: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  return [broadcastFold([x], x.type, (v) => v), { shape: x.shape, type: DataType.BOOL }];
};

const toBool = (ctx: RuleContext): Facts => ({ shape: ctx.input(0).shape, type: DataType.BOOL });

/** Y like X; training-mode running mean/var (if named) like the mean input. */
const batchNormalization: ShapeRule = (ctx) => {
  const stats = ctx.input(3);
  return [sameShape(ctx)[0]!, { shape: stats.shape, type: stats.type }, { shape: stats.shape, type: stats.type }];
};

/** Y like X; Mean and InvStdDev keep the axes before `axis` and are 1 from it on, in stash_type. */
const layerNormalization: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const axis = normAxis(attrInt(ctx.node, 'axis', -1), x.shape.length);
  const stats = { shape: x.shape.map((d, i) => (i < axis ? d : 1)), type: attrInt(ctx.node, 'stash_type', DataType.FLOAT) };
  return [{ shape: x.shape, type: x.type }, stats, { ...stats }];
};

const REDUCE_VALUES: Record<string, { init: number; step: (acc: number, x: number) => number; done?: (acc: number, n: number) => number }> = {
  ReduceSum: { init: 0, step: (a, x) => a + x },
  ReduceProd: { init: 1, step: (a, x) => a * x },
  ReduceMax: { init: -Infinity, step: Math.max },
  ReduceMin: { init: Infinity, step: Math.min },
  ReduceMean: { init: 0, step: (a, x) => a + x, done: (a, n) => a / n },
};
const REDUCE_OPS = [...Object.keys(REDUCE_VALUES), 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

/** The reduced axes; empty means "all", or none with noop_with_empty_axes. */
function reduceAxes(ctx: RuleContext, rank: number): number[] | 'noop' {
  // ReduceSum took axes as an input from opset 13, the other reductions from opset 18.
  const fromInput = ctx.opset >= (ctx.node.opType === 'ReduceSum' ? 13 : 18);
  const axes = fromInput ? (ctx.optional(1) ? ctx.known(1, 'axes') : []) : attrInts(ctx.node, 'axes', []);
  if (axes.length === 0) return fromInput && attrInt(ctx.node, 'noop_with_empty_axes', 0) ? 'noop' : Array.from({ length: rank }, (_, i) => i);
  return axes.map((a) => normAxis(a, rank, 'axis'));
}

const reduce: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const axes = reduceAxes(ctx, x.shape.length);
  if (axes === 'noop') return [{ ...x }];
  const keep = attrInt(ctx.node, 'keepdims', 1) !== 0;
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const shape = keep ? kept : x.shape.filter((_, i) => !axes.includes(i));
  const op = REDUCE_VALUES[ctx.node.opType];
  if (!op) return [{ shape, type: x.type }];
  return [folded(shape, x.type, [x], () => reduceValues(x.values!, x.shape, kept, op))];
};

function reduceValues(values: number[], shape: number[], kept: number[], op: NonNullable<(typeof REDUCE_VALUES)[string]>): number[] {
  const acc = generate(kept, () => op.init);
  const count = generate(kept, () => 0);
  let flat = 0;
  generate(shape, (index) => {
    let target = 0;
    for (let a = 0; a < shape.length; a++) target = target * kept[a]! + (kept[a] === 1 ? 0 : index[a]!);
    acc[target] = op.step(acc[target]!, values[flat++]!);
    count[target]!++;
    return 0;
  });
  return acc.map((a, i) => (op.done ? op.done(a, count[i]!) : a));
}

const argReduce: ShapeRule = (ctx) => {
  const x = ctx.input(0);
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), x.shape.length);
  const keep = attrInt(ctx.node, 'keepdims', 1) !== 0;
  const shape = keep ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  return [{ shape, type: DataType.INT64 }];
};

const gemm: ShapeRule = (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  if (a.shape.length !== 2 || b.shape.length !== 2) fail(`Gemm needs 2-D inputs, got [${a.shape}] and [${b.shape}]`);
  const m = attrInt(ctx.node, 'transA', 0) ? a.shape[1]! : a.shape[0]!;
  const n = attrInt(ctx.node, 'transB', 0) ? b.shape[0]! : b.shape[1]!;
  return [{ shape: [m, n], type: a.type }];
};

/** numpy.matmul: 1-D operands gain an axis that is dropped again; batch axes broadcast. */
const matMul: ShapeRule = (ctx) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  if (a.shape.length === 0 || b.shape.length === 0) fail('MatMul operands must not be scalars');
  const sa = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  const sb = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
  if (sa[sa.length - 1] !== sb[sb.length - 2]) fail(`MatMul inner sizes differ: [${a.shape}] x [${b.shape}]`);
  const batch = broadcastShapes([sa.slice(0, -2), sb.slice(0, -2)]);
  const rows = a.shape.length === 1 ? [] : [sa[sa.length - 2]!];
  const cols = b.shape.length === 1 ? [] : [sb[sb.length - 1]!];
  return [{ shape: [...batch, ...rows, ...cols], type: a.type }];
};

/** Einsum (explicit or implicit output): each letter's size from the operands; '...' axes broadcast (right-aligned). */
const einsum: ShapeRule = (ctx) => {
  const equation = ctx.node.attributes.find((a) => a.name === 'equation')?.s;
  const { inputs, output } = parseEquation(new TextDecoder().decode(equation ?? fail('Einsum needs an equation')));
  if (inputs.length !== ctx.node.inputs.length) fail(`equation has ${inputs.length} operands, the node ${ctx.node.inputs.length}`);
  const sizes = new Map<string, number>();
  const ellipses: number[][] = [];
  inputs.forEach((term, k) => {
    const shape = ctx.input(k).shape;
    const labels = expandTerm(term, shape.length);
    if (labels.length !== shape.length) fail(`term '${term.join('')}' does not match operand [${shape}]`);
    ellipses.push(shape.filter((_, a) => labels[a]!.startsWith(ELLIPSIS)));
    labels.forEach((l, a) => {
      if (l.startsWith(ELLIPSIS)) return;
      if (sizes.has(l) && sizes.get(l) !== shape[a]) fail(`index '${l}' is ${sizes.get(l)} and ${shape[a]}`);
      sizes.set(l, shape[a]!);
    });
  });
  const broadcast = broadcastShapes(ellipses);
  const shape = output.flatMap((l) => (l === ELLIPSIS ? broadcast : [sizes.get(l) ?? fail(`output index '${l}' is in no operand`)]));
  return [{ shape, type: ctx.input(0).type }];
};

const table = (ops: readonly string[], rule: ShapeRule): Record<string, ShapeRule> => Object.fromEntries(ops.map((op) => [op, rule]));
const mapRules = <T>(values: Record<string, T>, rule: (v: T) => ShapeRule): Record<string, ShapeRule> =>
  Object.fromEntries(Object.entries(values).map(([op, v]) => [op, rule(v)]));

export const MATH_RULES: Record<string, ShapeRule> = {
  ...mapRules(UNARY_VALUES, unaryRule),
  ...table(SAME_SHAPE_OPS, sameShape),
  ...mapRules(BINARY_VALUES, (f) => (ctx) => [broadcastFold([ctx.input(0), ctx.input(1)], ctx.input(0).type, f)]),
  ...mapRules(COMPARISON_VALUES, (f) => (ctx) => [broadcastFold([ctx.input(0), ctx.input(1)], DataType.BOOL, (a, b) => (f(a, b) ? 1 : 0))]),
  ...mapRules(VARIADIC_VALUES, variadicRule),
  ...table(['IsNaN', 'IsInf'], (ctx) => [toBool(ctx)]),
  ...table(REDUCE_OPS, reduce),
  ...table(['ArgMax', 'ArgMin'], argReduce),
  PRelu: (ctx) => [broadcastFold([ctx.input(0), ctx.input(1)], ctx.input(0).type, (x, s) => (x < 0 ? x * s : x))],
  Mod: mod,
  Mean: mean,
  Where: where,
  Clip: clip,
  Cast: cast,
  CastLike: castLike,
  Dropout: dropout,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Gemm: gemm,
  MatMul: matMul,
  Einsum: einsum,
};
