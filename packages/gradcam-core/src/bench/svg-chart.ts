/**
 * Grouped bar charts as standalone SVG for the benchmark report (viewable in any browser or on a
 * code host; no plotting library, no raster step).
 */
export interface BarSeries {
  name: string;
  /** One value per category; NaN leaves a gap. */
  values: number[];
}

export interface BarChart {
  title: string;
  yLabel: string;
  categories: string[];
  series: BarSeries[];
  /** Log scale when the series span orders of magnitude (e.g. PyTorch vs the engine). */
  log?: boolean;
}

const COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#9d755d'];
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "Nice" axis ticks: 1-2-5 steps (linear) or powers of ten (log). */
function ticks(max: number, log: boolean, min: number): number[] {
  if (log) {
    const out: number[] = [];
    for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) out.push(10 ** p);
    return out;
  }
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

export function barChartSvg(chart: BarChart): string {
  const width = 640, height = 360;
  const left = 64, right = 16, top = 40, bottom = 64;
  const plotW = width - left - right, plotH = height - top - bottom;
  const values = chart.series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && v > 0);
  const yTicks = ticks(Math.max(...values), chart.log ?? false, Math.min(...values));
  const lo = chart.log ? Math.log10(yTicks[0]!) : 0;
  const hi = chart.log ? Math.log10(yTicks[yTicks.length - 1]!) : yTicks[yTicks.length - 1]!;
  const y = (v: number): number => top + plotH - (((chart.log ? Math.log10(v) : v) - lo) / (hi - lo)) * plotH;
  const group = plotW / chart.categories.length;
  const bar = (group * 0.8) / chart.series.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(chart.title)}</text>`,
    `<text transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
  ];
  for (const t of yTicks) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
  }
  chart.categories.forEach((c, i) => {
    parts.push(`<text x="${(left + group * (i + 0.5)).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle">${escape(c)}</text>`);
    chart.series.forEach((s, k) => {
      const v = s.values[i]!;
      if (!(Number.isFinite(v) && v > 0)) return;
      const x = left + group * i + group * 0.1 + bar * k;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"><title>${escape(`${s.name}, ${c}: ${v}`)}</title></rect>`);
    });
  });
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/><line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`);
  let lx = left;
  chart.series.forEach((s, k) => {
    parts.push(`<rect x="${lx}" y="${height - 22}" width="12" height="12" fill="${COLOURS[k % COLOURS.length]}"/><text x="${lx + 16}" y="${height - 12}">${escape(s.name)}</text>`);
    lx += 24 + s.name.length * 7;
  });
  parts.push('</svg>');
  return parts.join('\n');
}
