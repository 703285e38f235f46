/** Heat-map shift the plain way: Pearson from its textbook formula, top-20% regions by full sort. */
export function referencePearson(a: number[], b: number[]): number | null {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  const cov = a.reduce((s, v, i) => s + (v - ma) * (b[i]! - mb), 0);
  const sa = Math.sqrt(a.reduce((s, v) => s + (v - ma) ** 2, 0));
  const sb = Math.sqrt(b.reduce((s, v) => s + (v - mb) ** 2, 0));
  return sa > 0 && sb > 0 ? cov / (sa * sb) : null;
}

function top(cells: number[]): number[] {
  return cells
    .map((v, i) => ({ v, i }))
    .sort((x, y) => y.v - x.v || x.i - y.i)
    .slice(0, Math.ceil(0.2 * cells.length))
    .map((c) => c.i);
}

export function referenceIou(a: number[], b: number[]): number {
  const ta = top(a);
  const tb = new Set(top(b));
  const inter = ta.filter((i) => tb.has(i)).length;
  return inter / (ta.length + tb.size - inter);
}
