/** Hostile inputs built in the test: PNGs with a forged header, .npy tensors of the wrong kind. */
import { encodeNpy } from 'gradcam-core';

export { pngHeaderOfSize } from 'gradcam-core/testing/crafted-png';

/** A float32 .npy of the given shape, every value `fill` except element `nanAt` (NaN). */
export function npyOf(shape: number[], options: { fill?: number; nanAt?: number } = {}): Buffer {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(options.fill ?? 0.5);
  if (options.nanAt !== undefined) data[options.nanAt] = Number.NaN;
  return Buffer.from(encodeNpy(data, shape));
}
