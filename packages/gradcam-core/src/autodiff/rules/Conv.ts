import { attr, attrInt, attrInts, attrString } from '../../onnx/attributes';
import type { Node } from '../../onnx/ir';
import { floatValues } from '../../onnx/tensor';
import { UnsupportedOpError, type GradContext, type VjpRule } from '../rule';

interface ConvGeometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  padsBegin: number[];
  padsEnd: number[];
  group: number;
}

/** Resolves auto_pad to explicit pads, so both backward forms see one geometry. */
function geometry(node: Node, xShape: number[], wShape: number[]): ConvGeometry {
  const kernel = wShape.slice(2);
  const n = kernel.length;
  const strides = attrInts(node, 'strides', Array<number>(n).fill(1));
  const dilations = attrInts(node, 'dilations', Array<number>(n).fill(1));
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  let pads = attrInts(node, 'pads', Array<number>(2 * n).fill(0));
  if (autoPad === 'VALID') pads = Array<number>(2 * n).fill(0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = Array<number>(2 * n).fill(0);
    for (let i = 0; i < n; i++) {
      const size = xShape[i + 2]!;
      const out = Math.ceil(size / strides[i]!);
      const total = Math.max(0, (out - 1) * strides[i]! + dilations[i]! * (kernel[i]! - 1) + 1 - size);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + n] = total - pads[i]!;
    }
  }
  return { kernel, strides, dilations, padsBegin: pads.slice(0, n), padsEnd: pads.slice(n), group: attrInt(node, 'group', 1) };
}

/**
 * Stride 1 with constant weights: dx is a plain Conv of dy with the kernel flipped and the
 * per-group in/out channels swapped. It runs at forward speed, where a depthwise ConvTranspose
 * is several times slower. Returns undefined when this form does not apply.
 */
function flippedConv(ctx: GradContext, g: ConvGeometry): string | undefined {
  const { b, node, dy } = ctx;
  const w = node.inputs[1]!;
  const wTensor = b.graph.initializers.find((t) => t.name === w);
  if (!wTensor || g.strides.some((s) => s !== 1)) return undefined;
  const padsBegin = g.kernel.map((k, i) => g.dilations[i]! * (k - 1) - g.padsBegin[i]!);
  const padsEnd = g.kernel.map((k, i) => g.dilations[i]! * (k - 1) - g.padsEnd[i]!);
  if ([...padsBegin, ...padsEnd].some((p) => p < 0)) return undefined;
  const [m, cg] = [wTensor.dims[0]!, wTensor.dims[1]!];
  const mg = m / g.group;
  const spatial = g.kernel.reduce((a, c) => a * c, 1);
  const src = floatValues(wTensor);
  const flipped = new Float32Array(src.length);
  // W[j·mg + o, c, k] -> W'[j·cg + c, o, K-1-k]
  for (let j = 0; j < g.group; j++)
    for (let o = 0; o < mg; o++)
      for (let c = 0; c < cg; c++) {
        const from = ((j * mg + o) * cg + c) * spatial;
        const to = ((j * cg + c) * mg + o) * spatial;
        for (let k = 0; k < spatial; k++) flipped[to + spatial - 1 - k] = src[from + k]!;
      }
  const wFlipped = b.weights(flipped, [g.group * cg, mg, ...g.kernel]);
  return b.op('Conv', [dy, wFlipped], [
    attr.ints('dilations', g.dilations),
    attr.int('group', g.group),
    attr.ints('kernel_shape', g.kernel),
    attr.ints('pads', [...padsBegin, ...padsEnd]),
  ]);
}

/** General form: dx = ConvTranspose(dy, W), with output_padding restoring sizes lost to the stride. */
function transposedConv(ctx: GradContext, g: ConvGeometry): string {
  const x = ctx.node.inputs[0]!;
  const xShape = ctx.shapeOf(x);
  const outputPadding = g.kernel.map((k, i) => {
    const size = xShape[i + 2]! + g.padsBegin[i]! + g.padsEnd[i]! - g.dilations[i]! * (k - 1) - 1;
    return size % g.strides[i]!;
  });
  return ctx.b.op('ConvTranspose', [ctx.dy, ctx.node.inputs[1]!], [
    attr.ints('dilations', g.dilations),
    attr.int('group', g.group),
    attr.ints('kernel_shape', g.kernel),
    attr.ints('output_padding', outputPadding),
    attr.ints('pads', [...g.padsBegin, ...g.padsEnd]),
    attr.ints('strides', g.strides),
  ]);
}

/** y = conv(x, W) + bias. Only dx is computed: weights are never downstream of a target layer. */
export const convGrad: VjpRule = {
  opType: 'Conv',
  differentiableInputs: [0, 1, 2],
  grad: (ctx) => {
    const { node, needs, shapeOf } = ctx;
    if (needs[1] || needs[2]) throw new UnsupportedOpError('Conv', node.name, 'gradient with respect to computed weights or bias');
    const g = geometry(node, shapeOf(node.inputs[0]!), shapeOf(node.inputs[1]!));
    return [flippedConv(ctx, g) ?? transposedConv(ctx, g)];
  },
};

