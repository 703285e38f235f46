/**
 * The "original image" a figure shows for an input: 8-bit pixels at the input's size, so that a
 * heat map lies on it pixel for pixel. Images read from files keep their decoded pixels; a tensor
 * (a .npy file, or a sample passed to the API) is min-max stretched, since its values are already
 * normalised and have no fixed display range.
 */
export interface DisplayImage {
  width: number;
  height: number;
  /** 1 (greyscale) or 3 (RGB). */
  channels: 1 | 3;
  /** Interleaved, row-major [H·W·channels]. */
  data: Uint8Array;
}

/**
 * A [C,H,W] (or [1,C,H,W]) tensor for display: 3 channels as RGB, any other count as the mean
 * over channels in grey. One min-max over all channels keeps the colour balance of RGB inputs.
 */
export function displayFromTensor(data: Float32Array, height: number, width: number): DisplayImage {
  const plane = height * width;
  const c = data.length / plane;
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`a tensor of ${data.length} values is not [C,${height},${width}]`);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  const scale = span > 0 && Number.isFinite(span) ? 255 / span : 0;
  const byte = (v: number): number => Math.round((v - min) * scale);
  if (c === 3) {
    const out = new Uint8Array(plane * 3);
    for (let p = 0; p < plane; p++) for (let k = 0; k < 3; k++) out[p * 3 + k] = byte(data[k * plane + p]!);
    return { width, height, channels: 3, data: out };
  }
  const out = new Uint8Array(plane);
  for (let p = 0; p < plane; p++) {
    let sum = 0;
    for (let k = 0; k < c; k++) sum += data[k * plane + p]!;
    out[p] = byte(sum / c);
  }
  return { width, height, channels: 1, data: out };
}

/** Interleaved RGB bytes of a display image (grey is repeated into the three channels). */
export function displayRgb(image: DisplayImage): Uint8Array {
  if (image.channels === 3) return image.data;
  const out = new Uint8Array(image.data.length * 3);
  for (let p = 0; p < image.data.length; p++) out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = image.data[p]!;
  return out;
}

/**
 * The decoded 8-bit pixels of an image file, recovered from its prepared tensor by undoing the
 * config's normalisation (v·std + mean) / scale. Exact for 8-bit files (the tensor was made from
 * those bytes), and 16-bit files land on the same 0..255 range; no second decode is needed.
 */
export function displayFromNormalised(data: Float32Array, spec: { channels: number; height: number; width: number; scale: number; mean: number[]; std: number[] }): DisplayImage {
  const { channels, height, width } = spec;
  if (channels !== 1 && channels !== 3) return displayFromTensor(data, height, width);
  const plane = height * width;
  const out = new Uint8Array(plane * channels);
  for (let c = 0; c < channels; c++) {
    const std = spec.std[c]!;
    const mean = spec.mean[c]!;
    for (let p = 0; p < plane; p++) out[p * channels + c] = Math.min(255, Math.max(0, Math.round((data[c * plane + p]! * std + mean) / spec.scale)));
  }
  return { width, height, channels, data: out };
}
