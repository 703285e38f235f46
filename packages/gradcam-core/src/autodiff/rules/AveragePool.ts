import { attr, attrInt } from '../../onnx/attributes';
import { poolGeometry } from '../pool-geometry';
import type { VjpRule } from '../rule';

/** y[o] = Σ_{window(o)} x / count[o]: dx = ConvTranspose(dy / count, depthwise all-ones kernel). */
export const averagePoolGrad: VjpRule = {
  opType: 'AveragePool',
  differentiableInputs: [0],
  grad: ({ b, node, dy, shapeOf }) => {
    const xShape = shapeOf(node.inputs[0]!);
    const [spatial, outSpatial] = [xShape.slice(2), shapeOf(node.outputs[0]!).slice(2)];
    const { kernel, strides, dilations, padsBegin, padsEnd } = poolGeometry(node, spatial, outSpatial);
    const includePad = attrInt(node, 'count_include_pad', 0) === 1;
    // Per axis and output position, 1/divisor as onnxruntime divides: windows are clipped to the
    // padded input (ceil_mode), pads count only with count_include_pad, empty windows give 0.
    const perAxis = outSpatial.map((m, i) => {
      const [s, d, size] = [strides[i]!, dilations[i]!, spatial[i]!];
      return Array.from({ length: m }, (_, o) => {
        const start = o * s - padsBegin[i]!;
        const end = Math.min(start + d * (kernel[i]! - 1) + 1, size + padsEnd[i]!);
        let [all, valid] = [0, 0];
        for (let t = start; t < end; t += d, all++) if (t >= 0 && t < size) valid++;
        return valid === 0 ? 0 : 1 / (includePad ? all : valid);
      });
    });
    const inverse = perAxis.reduce<number[]>((acc, axis) => acc.flatMap((a) => axis.map((v) => a * v)), [1]);
    const scaled = b.op('Mul', [dy, b.weights(Float32Array.from(inverse), outSpatial)]);
    // ConvTranspose restores the input size: output_padding as in Conv's rule; ceil_mode's extra
    // windows reach past the input instead, and a larger end pad crops them off.
    const outputPadding: number[] = [];
    const cropEnd = kernel.map((k, i) => {
      const extent = (outSpatial[i]! - 1) * strides[i]! + dilations[i]! * (k - 1) + 1;
      const extra = spatial[i]! + padsBegin[i]! + padsEnd[i]! - extent;
      outputPadding.push(Math.max(extra, 0));
      return padsEnd[i]! - Math.min(extra, 0);
    });
    const channels = xShape[1]!;
    const ones = b.weights(new Float32Array(channels * kernel.reduce((a, c) => a * c, 1)).fill(1), [channels, 1, ...kernel]);
    return [
      b.op('ConvTranspose', [scaled, ones], [
        attr.ints('dilations', dilations),
        attr.int('group', channels),
        attr.ints('kernel_shape', kernel),
        attr.ints('output_padding', outputPadding),
        attr.ints('pads', [...padsBegin, ...cropEnd]),
        attr.ints('strides', strides),
      ]),
    ];
  },
};
