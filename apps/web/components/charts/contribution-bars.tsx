/**
 * Which input (biomarker) the model leans on for each predicted class: one stacked bar per class,
 * a segment per input's mean contribution. Negative contributions stack leftwards of zero.
 */
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { linearScale } from '@/lib/chart-scale';
import { categoryColour } from '@/lib/palette';
import { ChartLegend } from './chart-legend';

const W = 900;
const ROW = 30;
const M = { top: 8, right: 24, bottom: 28, left: 190 };

interface Segment {
  input: string;
  index: number;
  from: number;
  to: number;
  value: number;
}

function stack(inputs: { input: string; value: number }[]): Segment[] {
  let pos = 0;
  let neg = 0;
  return inputs.map(({ input, value }, index) => {
    if (value >= 0) {
      pos += value;
      return { input, index, from: pos - value, to: pos, value };
    }
    neg += value;
    return { input, index, from: neg, to: neg - value, value };
  });
}

/** Zero and the extremes, leaving out an extreme too close to zero to be labelled beside it. */
function axisTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  return [lo, 0, hi].filter((v, i, all) => all.indexOf(v) === i && (v === 0 || Math.abs(v) / span > 0.08));
}

export function ContributionBars({ contributions, inputs }: { contributions: RunSummaryFieldsFragment['contributions']; inputs: readonly string[] }) {
  const rows = contributions.filter((c) => c.count > 0).map((c) => ({ ...c, segments: stack(inputs.map((input) => ({ input, value: c.inputs.find((v) => v.input === input)?.value ?? 0 }))) }));
  if (!rows.length) return <p className="muted">No sample of this run has branch contributions (they come with the gradient methods, e.g. gradcam).</p>;
  const lo = Math.min(0, ...rows.flatMap((r) => r.segments.map((s) => s.from)));
  const hi = Math.max(0, ...rows.flatMap((r) => r.segments.map((s) => s.to)));
  const H = M.top + rows.length * ROW + M.bottom;
  const x = linearScale([lo, hi || 1], [M.left, W - M.right]);
  return (
    <figure style={{ margin: 0 }} data-testid="contribution-bars">
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label="Mean contribution of each input per predicted class">
        {rows.map((r, i) => {
          const top = M.top + i * ROW;
          return (
            <g key={r.predictedClass}>
              <text x={M.left - 8} y={top + ROW / 2 + 4} textAnchor="end">
                {r.className} ({r.count})
              </text>
              {r.segments.map((s) => (
                <rect key={s.input} x={x(s.from)} width={Math.max(0, x(s.to) - x(s.from))} y={top + 4} height={ROW - 8} fill={categoryColour(s.index)} stroke="#fff">
                  <title>{`${r.className}: ${s.input} ${s.value.toFixed(3)} on average over ${r.count} samples`}</title>
                </rect>
              ))}
            </g>
          );
        })}
        <line className="axis" x1={x(0)} x2={x(0)} y1={M.top} y2={H - M.bottom} />
        {axisTicks(lo, hi).map((v) => (
          <text key={v} x={x(v)} y={H - M.bottom + 16} textAnchor="middle">
            {v.toFixed(2)}
          </text>
        ))}
      </svg>
      <ChartLegend items={inputs.map((input, i) => ({ label: input, colour: categoryColour(i) }))} />
    </figure>
  );
}
