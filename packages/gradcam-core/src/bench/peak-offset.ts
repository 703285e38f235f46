/**
 * Where a heat map's peak sits relative to its lesion: the median of (peak − lesion centroid), in
 * pixels, with the inputs as given and turned upside down (the median, because a map with no
 * positive value at all has its "peak" at the first pixel, far from any lesion). If the offset
 * keeps its direction in the image's own frame when the image is flipped, it does not come from
 * the lesions' shapes but from the model: its features sit at a fixed displacement from what they
 * respond to, which a classifier that pools globally does not unlearn unless its training asks for
 * maps that turn with the image.
 */
import type { CamEngine, InputTensor } from '../runtime/engine';

export interface OffsetCase {
  inputs: Record<string, InputTensor>;
  /** The decisive input and its lesion mask (row-major, its height × width). */
  input: string;
  mask: Uint8Array;
  width: number;
  label: number;
}

/** Each H×W plane of `data` turned upside down (its rows in reverse order). */
function upsideDown<T extends Float32Array | Uint8Array>(data: T, height: number, width: number): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  for (let plane = 0; plane < data.length; plane += height * width)
    for (let y = 0; y < height; y++) out.set(data.subarray(plane + y * width, plane + (y + 1) * width), plane + (height - 1 - y) * width);
  return out;
}

/** Index of the largest value (the first, on ties): a heat map's peak. */
export function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
}

/** (peak − centroid of the mask) in pixels, x right and y down. */
export function centroidOffset(map: Float32Array, mask: Uint8Array, width: number): [number, number] {
  const best = argmax(map);
  let cx = 0, cy = 0, n = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    cx += p % width;
    cy += Math.floor(p / width);
    n++;
  }
  return [(best % width) - cx / n, Math.floor(best / width) - cy / n];
}

/** The median of each coordinate. */
export function medianOffset(offsets: readonly [number, number][]): [number, number] {
  const median = (xs: number[]): number => {
    const s = xs.sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  return [median(offsets.map((o) => o[0])), median(offsets.map((o) => o[1]))];
}

/** Median offset (x, y) of the peak from the lesion centroid over the cases, optionally with every input flipped upside down. */
export async function medianPeakOffset(engine: CamEngine, cases: readonly OffsetCase[], flipped: boolean): Promise<[number, number]> {
  const offsets: [number, number][] = [];
  for (const c of cases) {
    const inputs = flipped ? Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, { dims: t.dims, data: upsideDown(t.data, t.dims.at(-2)!, t.dims.at(-1)!) }])) : c.inputs;
    const mask = flipped ? upsideDown(c.mask, c.mask.length / c.width, c.width) : c.mask;
    const map = (await engine.run(inputs, c.label)).heatmaps[c.input]![0]!;
    offsets.push(centroidOffset(map, mask, c.width));
  }
  return medianOffset(offsets);
}
