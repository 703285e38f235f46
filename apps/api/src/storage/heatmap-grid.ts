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

export function summariseHeatmap(map: Float32Array, width: number, height: number): HeatmapSummary {
  const gw = Math.min(GRID, width);
  const gh = Math.min(GRID, height);
  const columnCell = Int32Array.from({ length: width }, (_, x) => Math.floor((x * gw) / width));
  const sums = new Float64Array(gw * gh);
  const counts = new Uint32Array(gw * gh);
  const levels = new Uint8Array(map.length);
  let best = 0;
  let bestValue = map[0]!;
  for (let y = 0; y < height; y++) {
    const rowCell = Math.floor((y * gh) / height) * gw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = map[row + x]!;
      const cell = rowCell + columnCell[x]!;
      sums[cell]! += v;
      counts[cell]!++;
      levels[row + x] = v > 0 ? (v >= (LEVELS - 1) / LEVELS ? LEVELS - 1 : (v * LEVELS) | 0) : 0;
      if (v > bestValue) {
        bestValue = v;
        best = row + x;
      }
    }
  }
  const cells = new Uint8Array(gw * gh);
  for (let i = 0; i < cells.length; i++) cells[i] = Math.round(255 * Math.min(1, Math.max(0, sums[i]! / counts[i]!)));
  return { grid: { width: gw, height: gh, cells }, peak: { x: best % width, y: Math.floor(best / width) }, levels };
}
