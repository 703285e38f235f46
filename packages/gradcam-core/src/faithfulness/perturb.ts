/**
 * The perturbed copies of one input that the faithfulness metrics score. An input is [1,C,H,W];
 * a map is [H·W]. "Removed" pixels take `fill` (per channel: the normalised value of a black
 * pixel), the usual deletion baseline.
 */
import type { InputSpec } from '../model/config';
import type { InputTensor } from '../runtime/engine';

/** Per channel, the normalised value of a black pixel. */
export const blackFill = (spec: InputSpec): number[] => Array.from({ length: spec.channels }, (_, c) => (0 - spec.mean[c]!) / spec.std[c]!);

/** Pixel indices by decreasing map value: the most relevant first. */
export function relevanceOrder(map: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: map.length }, (_, i) => i).sort((a, b) => map[b]! - map[a]! || a - b);
}

/** A seeded uniform map: the chance baseline. */
export function randomMap(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
}

/** Copies rows into one [rows.length, C, H, W] tensor. */
export function stackRows(rows: readonly Float32Array[], dims: readonly number[]): InputTensor {
  const size = rows[0]!.length;
  const data = new Float32Array(rows.length * size);
  rows.forEach((r, i) => data.set(r, i * size));
  return { data, dims: [rows.length, ...dims.slice(1)] };
}

/**
 * Deletion (insertion) curve: step s of `steps` has the first round(s/steps · pixels) pixels of
 * `order` removed from the input (restored into an all-removed input). steps + 1 rows.
 */
export function curveRows(x: InputTensor, order: Uint32Array, fill: readonly number[], steps: number, insert: boolean): Float32Array[] {
  const plane = order.length;
  const channels = fill.length;
  const removed = new Float32Array(x.data.length);
  for (let c = 0; c < channels; c++) removed.fill(fill[c]!, c * plane, (c + 1) * plane);
  return Array.from({ length: steps + 1 }, (_, s) => {
    const row = (insert ? removed : x.data).slice();
    const source = insert ? x.data : removed;
    const count = Math.round((s / steps) * plane);
    for (let i = 0; i < count; i++) for (let c = 0; c < channels; c++) row[c * plane + order[i]!] = source[c * plane + order[i]!]!;
    return row;
  });
}

/** The input seen through its map (Grad-CAM++'s "explanation map"): fill + map · (x − fill). */
export function maskedByMap(x: InputTensor, map: ArrayLike<number>, fill: readonly number[]): Float32Array {
  const plane = map.length;
  return x.data.map((v, i) => {
    const f = fill[Math.floor(i / plane)]!;
    return f + map[i % plane]! * (v - f);
  });
}
