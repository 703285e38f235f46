/** Window geometry of a pooling node with auto_pad resolved to explicit pads (spatial dims are static). */
import { attrInts, attrString } from '../onnx/attributes';
import type { Node } from '../onnx/ir';

export interface PoolGeometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  padsBegin: number[];
  padsEnd: number[];
}

/** `spatial` holds the input's spatial sizes, `outSpatial` the output's (from the probe, so ceil_mode is included). */
export function poolGeometry(node: Node, spatial: number[], outSpatial: number[]): PoolGeometry {
  const kernel = attrInts(node, 'kernel_shape', []);
  const n = kernel.length;
  const strides = attrInts(node, 'strides', Array<number>(n).fill(1));
  const dilations = attrInts(node, 'dilations', Array<number>(n).fill(1));
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  let pads = attrInts(node, 'pads', Array<number>(2 * n).fill(0));
  if (autoPad !== 'NOTSET') {
    pads = Array<number>(2 * n).fill(0);
    if (autoPad !== 'VALID')
      for (let i = 0; i < n; i++) {
        const total = Math.max(0, (outSpatial[i]! - 1) * strides[i]! + dilations[i]! * (kernel[i]! - 1) + 1 - spatial[i]!);
        const small = Math.floor(total / 2);
        pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
        pads[i + n] = total - pads[i]!;
      }
  }
  return { kernel, strides, dilations, padsBegin: pads.slice(0, n), padsEnd: pads.slice(n) };
}
