/**
 * How far a heat map moved between two runs, on the stored grids (storage/heatmap-grid.ts):
 * Pearson correlation of the cell values, and the IoU of the top-20% regions (the TOP_SHARE of
 * cells with the highest values; ties go to the earlier cell, so a region always has that size).
 */
export const TOP_SHARE = 0.2;

export interface Shift {
  /** null when either map is flat (no variance). */
  pearson: number | null;
  iou: number;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : null;
}

/** Indices of the ceil(share·n) highest cells. */
export function topRegion(cells: ArrayLike<number>, share = TOP_SHARE): Set<number> {
  const order = Array.from({ length: cells.length }, (_, i) => i).sort((i, j) => cells[j]! - cells[i]! || i - j);
  return new Set(order.slice(0, Math.ceil(share * cells.length)));
}

export function iou(a: Set<number>, b: Set<number>): number {
  let both = 0;
  for (const i of a) if (b.has(i)) both++;
  const either = a.size + b.size - both;
  return either ? both / either : 1;
}

export function heatmapShift(a: ArrayLike<number>, b: ArrayLike<number>): Shift {
  if (a.length !== b.length) throw new RangeError(`grids of ${a.length} and ${b.length} cells cannot be compared`);
  return { pearson: pearson(a, b), iou: iou(topRegion(a), topRegion(b)) };
}
