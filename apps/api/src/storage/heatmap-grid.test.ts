/** summariseHeatmap's one pass gives what the three plain definitions give. */
import { randomMap } from 'gradcam-core';
import { GRID, summariseHeatmap } from './heatmap-grid';

/** Values in -0.1..1.1, so that both ends of the colormap's range are crossed. */
const seeded = (n: number, seed: number): Float32Array => randomMap(n, seed).map((v) => v * 1.2 - 0.1);

/** Cell means by definition: pixel (x, y) belongs to cell (⌊x·gw/w⌋, ⌊y·gh/h⌋); stored as bytes. */
function referenceGrid(map: Float32Array, w: number, h: number): number[] {
  const gw = Math.min(GRID, w);
  const gh = Math.min(GRID, h);
  const sums = new Array<number>(gw * gh).fill(0);
  const counts = new Array<number>(gw * gh).fill(0);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const cell = Math.floor((y * gh) / h) * gw + Math.floor((x * gw) / w);
      sums[cell]! += map[y * w + x]!;
      counts[cell]!++;
    }
  return [...Uint8Array.from(sums, (sum, i) => Math.round(255 * Math.min(1, Math.max(0, sum / counts[i]!))))];
}

test.each([
  [224, 224],
  [37, 23],
  [20, 70],
])('a %i×%i map: grid, peak and colormap levels', (w, h) => {
  const map = seeded(w * h, w + h);
  map.set([0, 1, 0.5, 1 / 256, 255 / 256, Number.NaN, -0.2, 1.3]); // the edges of the colormap's bins
  const peakAt = (w * h) >> 1;
  map[peakAt] = 2;
  map[peakAt + 3] = 2; // a tie: the first counts
  const { grid, peak, levels } = summariseHeatmap(map, w, h);
  expect([grid.width, grid.height]).toEqual([Math.min(GRID, w), Math.min(GRID, h)]);
  expect([...grid.cells]).toEqual(referenceGrid(map, w, h));
  expect(peak).toEqual({ x: peakAt % w, y: Math.floor(peakAt / w) });
  expect([...levels]).toEqual([...map].map((v) => (v > 0 ? Math.min(255, Math.floor(v * 256)) : 0)));
});
