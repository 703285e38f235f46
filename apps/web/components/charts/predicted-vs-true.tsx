/**
 * A regression run's predicted vs true values of output 0: a scatter around the identity line
 * (on it, the prediction is exact), then the points as a list, largest errors first.
 */
import Link from 'next/link';
import { linearScale } from '@/lib/chart-scale';
import { decimal } from '@/lib/format';
import { WRONG_COLOUR } from '@/lib/palette';

const S = 260;
const M = { top: 12, right: 16, bottom: 36, left: 48 };

export interface RegressionPoint {
  id: string;
  externalId: string;
  predicted: number;
  truth: number;
}

/** `read` of `total` samples were read for the points (those with a true value among them are drawn). */
export function PredictedVsTrue({ points, outputName, read, total }: { points: readonly RegressionPoint[]; outputName: string; read: number; total: number }) {
  const all = points.flatMap((p) => [p.predicted, p.truth]);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo || 1) * 0.05;
  const domain: [number, number] = [lo - pad, hi + pad];
  const x = linearScale(domain, [M.left, S - M.right]);
  const y = linearScale(domain, [S - M.bottom, M.top]);
  const ticks = [0, 0.5, 1].map((f) => domain[0] + f * (domain[1] - domain[0]));
  const worst = [...points].sort((a, b) => Math.abs(b.predicted - b.truth) - Math.abs(a.predicted - a.truth));
  return (
    <div className="grid-2">
      <figure style={{ margin: 0 }} data-testid="predicted-vs-true">
        <svg className="chart" viewBox={`0 0 ${S} ${S}`} width="100%" style={{ maxWidth: 380 }} role="img" aria-label={`Predicted against true ${outputName} for ${points.length} samples`}>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={M.left} x2={S - M.right} y1={y(t)} y2={y(t)} stroke="#e3e6ec" />
              <text x={M.left - 6} y={y(t) + 4} textAnchor="end">
                {decimal(t, 2)}
              </text>
              <text x={x(t)} y={S - M.bottom + 16} textAnchor="middle">
                {decimal(t, 2)}
              </text>
            </g>
          ))}
          <line x1={x(domain[0])} y1={y(domain[0])} x2={x(domain[1])} y2={y(domain[1])} stroke="#5b6475" strokeDasharray="4 3" />
          {points.map((p) => (
            <circle key={p.id} cx={x(p.truth)} cy={y(p.predicted)} r={3.5} fill={WRONG_COLOUR} opacity={0.75} data-testid="regression-point">
              <title>{`${p.externalId}: true ${decimal(p.truth)}, predicted ${decimal(p.predicted)}`}</title>
            </circle>
          ))}
          <text x={(M.left + S - M.right) / 2} y={S - 4} textAnchor="middle">
            true {outputName}
          </text>
        </svg>
        <figcaption className="small muted">
          {read < total ? `From the first ${read} of ${total} samples. ` : ''}{points.length} samples with a true value. Vertical axis: predicted; dashed: exact.
        </figcaption>
      </figure>
      <div className="table-scroll" style={{ maxHeight: 340 }}>
        <table className="data" data-testid="regression-points">
          <thead>
            <tr>
              <th scope="col">Sample</th>
              <th scope="col" className="num">True</th>
              <th scope="col" className="num">Predicted</th>
              <th scope="col" className="num">Error</th>
            </tr>
          </thead>
          <tbody>
            {worst.map((p) => (
              <tr key={p.id} data-external-id={p.externalId}>
                <th scope="row">
                  <Link href={`/samples/${p.id}`}>{p.externalId}</Link>
                </th>
                <td className="num">{decimal(p.truth)}</td>
                <td className="num">{decimal(p.predicted)}</td>
                <td className="num">{decimal(p.predicted - p.truth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
