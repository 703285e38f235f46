/**
 * Heat-map colours in the browser. The API renders its PNGs with matplotlib's jet; jet is not
 * colour-blind safe, so the dashboard can recolour a map to viridis: each jet pixel is mapped back
 * to its value (the nearest of jet's 256 colours) and coloured anew.
 */
export const COLORMAPS = ['jet', 'viridis'] as const;
export type Colormap = (typeof COLORMAPS)[number];

export const COLORMAP_LABELS: Record<Colormap, string> = {
  jet: 'Jet (as computed)',
  viridis: 'Viridis (colour-blind safe)',
};

const N = 256;

/** matplotlib's jet segment data: per channel, (x, value) knots. */
const JET: readonly (readonly [number, number][])[] = [
  [[0, 0], [0.35, 0], [0.66, 1], [0.89, 1], [1, 0.5]],
  [[0, 0], [0.125, 0], [0.375, 1], [0.64, 1], [0.91, 0], [1, 0]],
  [[0, 0.5], [0.11, 1], [0.34, 1], [0.65, 0], [1, 0]],
];

/** Viridis sampled at nine evenly spaced points; linear in between is within a few levels of the full table. */
const VIRIDIS_STOPS = ['440154', '472d7b', '3b528b', '2c728e', '21918c', '28ae80', '5ec962', 'addc30', 'fde725'];

function piecewise(knots: readonly (readonly [number, number])[], x: number): number {
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]!;
    if (x <= x1) {
      const [x0, y0] = knots[i - 1]!;
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return knots[knots.length - 1]![1];
}

function buildTable(color: (x: number) => [number, number, number]): Uint8Array {
  const lut = new Uint8Array(N * 3);
  for (let i = 0; i < N; i++) lut.set(color(i / (N - 1)), i * 3);
  return lut;
}

const jetTable = buildTable((x) => JET.map((seg) => Math.round(piecewise(seg, x) * 255)) as [number, number, number]);

const viridisTable = buildTable((x) => {
  const pos = x * (VIRIDIS_STOPS.length - 1);
  const i = Math.min(VIRIDIS_STOPS.length - 2, Math.floor(pos));
  const t = pos - i;
  const a = VIRIDIS_STOPS[i]!;
  const b = VIRIDIS_STOPS[i + 1]!;
  return [0, 2, 4].map((o) => Math.round(parseInt(a.slice(o, o + 2), 16) * (1 - t) + parseInt(b.slice(o, o + 2), 16) * t)) as [number, number, number];
});

export function colormapTable(name: Colormap): Uint8Array {
  return name === 'jet' ? jetTable : viridisTable;
}

/** CSS gradient of a colormap, for legends. */
export function colormapGradient(name: Colormap): string {
  const t = colormapTable(name);
  const stops = Array.from({ length: 11 }, (_, k) => {
    const i = Math.round((k / 10) * (N - 1)) * 3;
    return `rgb(${t[i]},${t[i + 1]},${t[i + 2]}) ${k * 10}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Colour (5 bits per channel) -> jet index, filled lazily: a 224×224 map has few distinct colours. */
const inverseCache = new Map<number, number>();

function jetIndexOf(r: number, g: number, b: number): number {
  const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
  let best = inverseCache.get(key);
  if (best !== undefined) return best;
  let bestDistance = Infinity;
  best = 0;
  for (let i = 0; i < N; i++) {
    const d = (jetTable[i * 3]! - r) ** 2 + (jetTable[i * 3 + 1]! - g) ** 2 + (jetTable[i * 3 + 2]! - b) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  inverseCache.set(key, best);
  return best;
}

/** Recolours RGBA pixels of a jet-coloured map in place. */
export function recolourJet(pixels: Uint8ClampedArray, target: Colormap): void {
  if (target === 'jet') return;
  const table = colormapTable(target);
  for (let p = 0; p < pixels.length; p += 4) {
    const i = jetIndexOf(pixels[p]!, pixels[p + 1]!, pixels[p + 2]!) * 3;
    pixels[p] = table[i]!;
    pixels[p + 1] = table[i + 1]!;
    pixels[p + 2] = table[i + 2]!;
  }
}
