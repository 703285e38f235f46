/**
 * ROAD (Rong et al., 2022): removing pixels by setting them to a constant leaks the removal
 * pattern to the classifier; noisy linear imputation fills each removed pixel from its
 * neighbours instead, so the score measures the information removed, not the shape of the hole.
 * Each removed pixel equals the weighted mean of its 8 neighbours (direct 1/6, diagonal 1/12),
 * removed neighbours included: a sparse symmetric system, solved by conjugate gradients.
 */
import type { InputTensor } from '../runtime/engine';

const NEIGHBOURS: readonly [number, number, number][] = [
  [-1, 0, 1 / 6], [1, 0, 1 / 6], [0, -1, 1 / 6], [0, 1, 1 / 6],
  [-1, -1, 1 / 12], [-1, 1, 1 / 12], [1, -1, 1 / 12], [1, 1, 1 / 12],
];

/**
 * From the push-pull start, enough to smooth holes of image size; the imputed values only need to
 * be plausible, and the noise added after is larger than what further iterations would change.
 */
const MAX_ITERATIONS = 100;

/**
 * A coarse fill of the unknown pixels (push-pull): each level halves the image, averaging the known
 * pixels of every 2×2 block, until everything is known; unknown pixels then take their block's value
 * on the way back up. A starting point that leaves conjugate gradients little to do.
 */
function pushPull(values: Float64Array, known: Uint8Array, width: number, height: number): Float64Array {
  if (known.every((k) => k) || width * height === 1) return values;
  const w2 = Math.ceil(width / 2), h2 = Math.ceil(height / 2);
  const sum = new Float64Array(w2 * h2);
  const count = new Uint16Array(w2 * h2);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const p = y * width + x;
    if (!known[p]) continue;
    const c = (y >> 1) * w2 + (x >> 1);
    sum[c] = sum[c]! + values[p]!;
    count[c] = count[c]! + 1;
  }
  const coarse = pushPull(sum.map((v, c) => (count[c] ? v / count[c]! : 0)), count.map((n) => (n ? 1 : 0)) as unknown as Uint8Array, w2, h2);
  const out = values.slice();
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (!known[y * width + x]) out[y * width + x] = coarse[(y >> 1) * w2 + (x >> 1)]!;
  return out;
}

/** Solves diag(S)·v − W·v = b over the removed pixels of one channel plane; returns the plane filled. */
function imputePlane(plane: Float32Array, removed: Uint8Array, width: number, height: number): Float32Array {
  const index = new Int32Array(plane.length).fill(-1);
  const pixels: number[] = [];
  removed.forEach((r, p) => {
    if (r) index[p] = pixels.push(p) - 1;
  });
  const n = pixels.length;
  const out = plane.slice();
  if (n === 0) return out;
  // Per removed pixel: its total neighbour weight, the known part of the right-hand side, and its
  // removed neighbours (flat arrays, 8 slots per pixel: this loop is the hot path).
  const diag = new Float64Array(n);
  const rhs = new Float64Array(n);
  const linkIndex = new Int32Array(8 * n).fill(-1);
  const linkWeight = new Float64Array(8 * n);
  let known = 0;
  let knownCount = 0;
  for (let p = 0; p < plane.length; p++) if (!removed[p]) { known += plane[p]!; knownCount++; }
  const fallback = knownCount ? known / knownCount : 0;
  pixels.forEach((p, i) => {
    const y = Math.floor(p / width), x = p % width;
    let d = 1e-6; // a hole with no known pixel around it at all is tied weakly to the known mean
    let b = 1e-6 * fallback;
    NEIGHBOURS.forEach(([dy, dx, w], k) => {
      const yy = y + dy, xx = x + dx;
      if (yy < 0 || yy >= height || xx < 0 || xx >= width) return;
      const q = yy * width + xx;
      d += w;
      if (index[q]! >= 0) {
        linkIndex[8 * i + k] = index[q]!;
        linkWeight[8 * i + k] = w;
      } else b += w * plane[q]!;
    });
    diag[i] = d;
    rhs[i] = b;
  });
  const apply = (v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = diag[i]! * v[i]!;
      for (let k = 8 * i; k < 8 * i + 8; k++) {
        const j = linkIndex[k]!;
        if (j >= 0) s -= linkWeight[k]! * v[j]!;
      }
      out[i] = s;
    }
  };
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
    return s;
  };
  // Conjugate gradients from the push-pull fill, to a residual of 1e-6 of the right-hand side.
  const start = pushPull(Float64Array.from(plane), removed.map((r) => 1 - r), width, height);
  const v = Float64Array.from(pixels, (p) => start[p]!);
  const r = new Float64Array(n);
  apply(v, r);
  for (let i = 0; i < n; i++) r[i] = rhs[i]! - r[i]!;
  const d = r.slice();
  const ad = new Float64Array(n);
  let rr = dot(r, r);
  const tolerance = 1e-12 * Math.max(1e-12, dot(rhs, rhs));
  for (let it = 0; it < MAX_ITERATIONS && rr > tolerance; it++) {
    apply(d, ad);
    const alpha = rr / dot(d, ad);
    for (let i = 0; i < n; i++) {
      v[i] = v[i]! + alpha * d[i]!;
      r[i] = r[i]! - alpha * ad[i]!;
    }
    const next = dot(r, r);
    const beta = next / rr;
    for (let i = 0; i < n; i++) d[i] = r[i]! + beta * d[i]!;
    rr = next;
  }
  pixels.forEach((p, i) => (out[p] = v[i]!));
  return out;
}

/** A seeded standard normal stream (Box-Muller over an LCG). */
function gaussian(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const uniform = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) + 1) / 4294967297;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * The input [1,C,H,W] with `removed` pixels imputed from their neighbours, plus Gaussian noise of
 * `noise` × the channel's standard deviation on the imputed pixels.
 */
export function noisyLinearImputation(x: InputTensor, removed: Uint8Array, noise: number, seed: number): Float32Array {
  const [, channels, height, width] = x.dims as [number, number, number, number];
  const plane = height * width;
  const out = new Float32Array(x.data.length);
  const next = gaussian(seed);
  for (let c = 0; c < channels; c++) {
    const src = x.data.subarray(c * plane, (c + 1) * plane);
    const mean = src.reduce((a, v) => a + v, 0) / plane;
    const std = Math.sqrt(src.reduce((a, v) => a + (v - mean) ** 2, 0) / plane);
    const filled = imputePlane(src, removed, width, height);
    for (let p = 0; p < plane; p++) if (removed[p]) filled[p] = filled[p]! + noise * std * next();
    out.set(filled, c * plane);
  }
  return out;
}

/** The mask of the first round(fraction · pixels) pixels of `order`. */
export function firstPixels(order: Uint32Array, fraction: number): Uint8Array {
  const mask = new Uint8Array(order.length);
  const count = Math.round(fraction * order.length);
  for (let i = 0; i < count; i++) mask[order[i]!] = 1;
  return mask;
}
