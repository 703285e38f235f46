/**
 * Reliability diagram: per confidence bin, the share of right predictions against the bin's mean
 * confidence. On the diagonal the model is calibrated; below it, over-confident.
 */
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { linearScale } from '@/lib/chart-scale';
import { RIGHT_COLOUR, WRONG_COLOUR } from '@/lib/palette';
import { ChartLegend } from './chart-legend';

const S = 240;
const M = { top: 12, right: 20, bottom: 36, left: 44 };

export function ReliabilityDiagram({ bins, ece }: { bins: RunSummaryFieldsFragment['calibration']; ece: number | null }) {
  const x = linearScale([0, 1], [M.left, S - M.right]);
  const y = linearScale([0, 1], [S - M.bottom, M.top]);
  const filled = bins.filter((b) => b.count > 0 && b.accuracy !== null && b.meanConfidence !== null);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <figure style={{ margin: 0 }} data-testid="reliability-diagram">
      <svg className="chart" viewBox={`0 0 ${S} ${S}`} width="100%" style={{ maxWidth: 360 }} role="img" aria-label={`Reliability diagram over ${filled.length} confidence bins${ece === null ? '' : `, expected calibration error ${ece.toFixed(3)}`}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={S - M.right} y1={y(t)} y2={y(t)} stroke="#e3e6ec" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end">
              {t * 100}%
            </text>
            <text x={x(t)} y={S - M.bottom + 16} textAnchor="middle">
              {t * 100}%
            </text>
          </g>
        ))}
        {bins.map((b) =>
          b.count > 0 && b.accuracy !== null ? (
            <rect key={b.lower} x={x(b.lower) + 1} width={x(b.upper) - x(b.lower) - 2} y={y(b.accuracy)} height={y(0) - y(b.accuracy)} fill={RIGHT_COLOUR} opacity={0.35}>
              <title>{`confidence ${Math.round(b.lower * 100)}–${Math.round(b.upper * 100)}%: ${b.count} samples, ${Math.round(b.accuracy * 100)}% right`}</title>
            </rect>
          ) : null,
        )}
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#5b6475" strokeDasharray="4 3" />
        <polyline fill="none" stroke={WRONG_COLOUR} strokeWidth={2} points={filled.map((b) => `${x(b.meanConfidence!)},${y(b.accuracy!)}`).join(' ')} />
        {filled.map((b) => (
          <rect key={b.lower} x={x(b.meanConfidence!) - 3.5} y={y(b.accuracy!) - 3.5} width={7} height={7} fill={WRONG_COLOUR} />
        ))}
        <line className="axis" x1={M.left} x2={S - M.right} y1={y(0)} y2={y(0)} />
        <text x={(M.left + S - M.right) / 2} y={S - 4} textAnchor="middle">
          mean confidence
        </text>
        <text transform={`translate(11 ${(M.top + S - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          share right
        </text>
      </svg>
      <ChartLegend
        items={[
          { label: 'share right per bin', colour: WRONG_COLOUR },
          { label: 'bin (bar)', colour: '#a6c8e0' },
          { label: 'calibrated (dashed)', colour: '#5b6475' },
        ]}
      />
    </figure>
  );
}
