/**
 * How confident the model is when it is right vs wrong: per confidence bin, right predictions
 * stacked under wrong ones (hatched as well as coloured). Counts come from the summary's
 * calibration bins: right = accuracy × count.
 */
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { linearScale, niceTicks } from '@/lib/chart-scale';
import { RIGHT_COLOUR, WRONG_COLOUR } from '@/lib/palette';
import { ChartLegend } from './chart-legend';

const W = 460;
const H = 240;
const M = { top: 12, right: 22, bottom: 36, left: 40 };

export function ConfidenceHistogram({ bins }: { bins: RunSummaryFieldsFragment['calibration'] }) {
  const rows = bins.map((b) => {
    const right = Math.round((b.accuracy ?? 0) * b.count);
    return { ...b, right, wrong: b.count - right };
  });
  const max = Math.max(1, ...rows.map((r) => r.count));
  const ticks = niceTicks(max);
  const x = linearScale([0, 1], [M.left, W - M.right]);
  const y = linearScale([0, ticks.at(-1)!], [H - M.bottom, M.top]);
  const total = rows.reduce((a, r) => a + r.count, 0);
  return (
    <figure style={{ margin: 0 }} data-testid="confidence-histogram">
      <svg className="chart" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Confidence histogram of ${total} labelled samples, right versus wrong`}>
        <defs>
          <pattern id="wrong-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={WRONG_COLOUR} />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="2" />
          </pattern>
        </defs>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e3e6ec" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {rows.map((r) => {
          const x0 = x(r.lower) + 1;
          const width = x(r.upper) - x(r.lower) - 2;
          return (
            <g key={r.lower}>
              <rect x={x0} width={width} y={y(r.right)} height={y(0) - y(r.right)} fill={RIGHT_COLOUR}>
                <title>{`${r.right} right with confidence ${Math.round(r.lower * 100)}–${Math.round(r.upper * 100)}%`}</title>
              </rect>
              <rect x={x0} width={width} y={y(r.count)} height={y(r.right) - y(r.count)} fill="url(#wrong-hatch)">
                <title>{`${r.wrong} wrong with confidence ${Math.round(r.lower * 100)}–${Math.round(r.upper * 100)}%`}</title>
              </rect>
            </g>
          );
        })}
        <line className="axis" x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} />
        {[0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => (
          <text key={t} x={x(t)} y={H - M.bottom + 16} textAnchor="middle">
            {Math.round(t * 100)}%
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
          confidence of the predicted class
        </text>
      </svg>
      <ChartLegend
        items={[
          { label: 'right', colour: RIGHT_COLOUR },
          { label: 'wrong (hatched)', colour: WRONG_COLOUR },
        ]}
      />
    </figure>
  );
}
