/**
 * What is kept of a heat map's values: its peak, and the map averaged over a coarse grid (at most
 * GRID×GRID cells, 0..255). CAMs are upsampled from a target layer of a few cells per side, so the
 * grid keeps what comparing two maps needs (correlation, top regions) at 1 KB a map.
 */
export const GRID = 32;

export interface HeatmapGrid {
  width: number;
  height: number;
  /** Row-major cell means, scaled to 0..255. */
  cells: Uint8Array<ArrayBuffer>;
}

export function heatmapGrid(map: ArrayLike<number>, width: number, height: number): HeatmapGrid {
  const gw = Math.min(GRID, width);
  const gh = Math.min(GRID, height);
  const sums = new Float64Array(gw * gh);
  const counts = new Uint32Array(gw * gh);
  for (let y = 0; y < height; y++) {
    const gy = Math.floor((y * gh) / height);
    for (let x = 0; x < width; x++) {
      const cell = gy * gw + Math.floor((x * gw) / width);
      sums[cell]! += map[y * width + x]!;
      counts[cell]!++;
    }
  }
  const cells = new Uint8Array(gw * gh);
  for (let i = 0; i < cells.length; i++) cells[i] = Math.round(255 * Math.min(1, Math.max(0, sums[i]! / counts[i]!)));
  return { width: gw, height: gh, cells };
}

/** The pixel of the map's maximum (the first, in row-major order). */
export function heatmapPeak(map: ArrayLike<number>, width: number): { x: number; y: number } {
  let best = 0;
  for (let i = 1; i < map.length; i++) if (map[i]! > map[best]!) best = i;
  return { x: best % width, y: Math.floor(best / width) };
}
