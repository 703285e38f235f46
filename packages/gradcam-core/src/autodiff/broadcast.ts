/** The one place where gradients of broadcast inputs are summed back to the input's shape. */
import type { GraphBuilder } from '../onnx/builder';

/** Axes of `outShape` that `inShape` was broadcast along (numpy rules, right-aligned). */
export function broadcastAxes(inShape: readonly number[], outShape: readonly number[]): number[] {
  const lead = outShape.length - inShape.length;
  const axes: number[] = [];
  for (let k = 0; k < outShape.length; k++) {
    if (k < lead) axes.push(k);
    else if (inShape[k - lead] === 1 && outShape[k] !== 1) axes.push(k);
  }
  return axes;
}

export function reduceToShape(b: GraphBuilder, grad: string, input: string, inShape: number[], outShape: number[]): string {
  const axes = broadcastAxes(inShape, outShape);
  if (axes.length === 0) return grad;
  const summed = b.reduceSum(grad, axes, true);
  if (inShape.length === outShape.length) return summed;
  return b.op('Reshape', [summed, b.shape(input)]);
}
