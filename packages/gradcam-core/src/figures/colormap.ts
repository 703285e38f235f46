/**
 * Colormaps for heat maps: a map in 0..1 becomes RGB bytes. `jet` (the default, red = high,
 * blue = low) reproduces matplotlib's `cm.jet` — its piecewise-linear segment data sampled into a
 * 256-entry table, looked up as matplotlib does — to within 1/255 per channel. OpenCV's
 * COLORMAP_JET is a different curve (up to 34/255 apart from matplotlib's), so it is not matched.
 * `viridis` is perceptually uniform and readable with colour-vision deficiencies; `turbo` is a
 * smoother rainbow. Both are matplotlib's tables.
 */
import { TURBO_HEX, VIRIDIS_HEX } from './colormap-tables';

export const COLORMAPS = ['jet', 'turbo', 'viridis'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

export class ColormapError extends Error {
  override name = 'ColormapError';
}

/** Table size, as in matplotlib (`rcParams['image.lut']`). */
const N = 256;

/** matplotlib's `_jet_data`: per channel, (x, value) knots of a piecewise-linear curve. */
const JET_SEGMENTS: readonly (readonly [number, number][])[] = [
  [[0, 0], [0.35, 0], [0.66, 1], [0.89, 1], [1, 0.5]],
  [[0, 0], [0.125, 0], [0.375, 1], [0.64, 1], [0.91, 0], [1, 0]],
  [[0, 0.5], [0.11, 1], [0.34, 1], [0.65, 0], [1, 0]],
];

function piecewise(knots: readonly [number, number][], x: number): number {
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]!;
    if (x <= x1) {
      const [x0, y0] = knots[i - 1]!;
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return knots[knots.length - 1]![1];
}

function jetTable(): Uint8Array {
  const lut = new Uint8Array(N * 3);
  for (let i = 0; i < N; i++) JET_SEGMENTS.forEach((seg, c) => (lut[i * 3 + c] = Math.round(piecewise(seg, i / (N - 1)) * 255)));
  return lut;
}

const fromHex = (hex: string): Uint8Array => Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));

const tables = new Map<ColormapName, Uint8Array>();

/** The 256×3 RGB table of a colormap. */
export function colormapTable(name: ColormapName): Uint8Array {
  let t = tables.get(name);
  if (!t) {
    if (name === 'jet') t = jetTable();
    else if (name === 'turbo') t = fromHex(TURBO_HEX);
    else if (name === 'viridis') t = fromHex(VIRIDIS_HEX);
    else throw new ColormapError(`unknown colormap '${String(name)}' (available: ${COLORMAPS.join(', ')})`);
    tables.set(name, t);
  }
  return t;
}

export function isColormap(name: string): name is ColormapName {
  return (COLORMAPS as readonly string[]).includes(name);
}

/** Table index of a value: matplotlib's rule (⌊v·N⌋, 1.0 onto the last entry); NaN counts as 0. */
function index(v: number): number {
  if (!(v > 0)) return 0;
  return Math.min(N - 1, Math.floor(v * N));
}

/** The colour of one value in 0..1 (clipped), as [r, g, b]. */
export function colormapColor(value: number, name: ColormapName = 'jet'): [number, number, number] {
  const t = colormapTable(name);
  const i = index(value) * 3;
  return [t[i]!, t[i + 1]!, t[i + 2]!];
}

/** A heat map [H·W] in 0..1 (values outside are clipped) -> interleaved RGB bytes [H·W·3]. */
export function applyColormap(heatmap: ArrayLike<number>, name: ColormapName = 'jet'): Uint8Array {
  const t = colormapTable(name);
  const out = new Uint8Array(heatmap.length * 3);
  for (let p = 0; p < heatmap.length; p++) {
    const i = index(heatmap[p]!) * 3;
    out[p * 3] = t[i]!;
    out[p * 3 + 1] = t[i + 1]!;
    out[p * 3 + 2] = t[i + 2]!;
  }
  return out;
}
