/**
 * What is kept of a heat map's values: its peak, the map averaged over a coarse grid (at most
 * GRID×GRID cells, 0..255) and its colormap levels (the 8 bits its PNGs are drawn from). CAMs are
 * upsampled from a target layer of a few cells per side, so the grid keeps what comparing two maps
 * needs (correlation, top regions) at 1 KB a map. All three come from one pass over the map: on
 * the path of every analyzeSample, three passes cost twice as much.
 */
export const GRID = 32;
/** Levels of a stored map: the colormap's table size (matplotlib's rule, ⌊v·256⌋). */
export const LEVELS = 256;

export interface HeatmapGrid {
  width: number;
  height: number;
  /** Row-major cell means, scaled to 0..255. */
  cells: Uint8Array<ArrayBuffer>;
}

export interface HeatmapSummary {
  grid: HeatmapGrid;
  /** The pixel of the map's maximum (the first, in row-major order). */
  peak: { x: number; y: number };
  /** Per pixel, the colormap entry of its value: ⌊v·256⌋ within 0..255, 0 for NaN. */
  levels: Uint8Array<ArrayBuffer>;
}

/** Where each of `cells` cells along a side of `size` pixels starts (cell i spans [starts[i], starts[i + 1])). */
function cellStarts(size: number, cells: number): Int32Array {
  return Int32Array.from({ length: cells + 1 }, (_, c) => Math.ceil((c * size) / cells));
}

export function summariseHeatmap(map: Float32Array, width: number, height: number): HeatmapSummary {
  const gw = Math.min(GRID, width);
  const gh = Math.min(GRID, height);
  const columns = cellStarts(width, gw);
  const rows = cellStarts(height, gh);
  const sums = new Float64Array(gw * gh);
  const levels = new Uint8Array(map.length);
  let best = 0;
  let bestValue = map[0]!;
  // Row by row, one cell's span of columns at a time: its sum stays in a local until the span ends.
  for (let gy = 0; gy < gh; gy++) {
    for (let y = rows[gy]!; y < rows[gy + 1]!; y++) {
      const row = y * width;
      for (let gx = 0; gx < gw; gx++) {
        let sum = 0;
        const end = row + columns[gx + 1]!;
        for (let i = row + columns[gx]!; i < end; i++) {
          const v = map[i]!;
          sum += v;
          // A Uint8Array truncates: ⌊v·256⌋ up to 255; NaN and v ≤ 0 give 0.
          levels[i] = v > 0 ? Math.min(v * LEVELS, LEVELS - 1) : 0;
          if (v > bestValue) {
            bestValue = v;
            best = i;
          }
        }
        sums[gy * gw + gx]! += sum;
      }
    }
  }
  const cells = new Uint8Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      const count = (rows[gy + 1]! - rows[gy]!) * (columns[gx + 1]! - columns[gx]!);
      cells[gy * gw + gx] = Math.round(255 * Math.min(1, Math.max(0, sums[gy * gw + gx]! / count)));
    }
  }
  return { grid: { width: gw, height: gh, cells }, peak: { x: best % width, y: Math.floor(best / width) }, levels };
}
