/** The two runs' headline metrics and what changed, with the direction of better said in words. */
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { decimal, signed } from '@/lib/format';

const METRICS: { key: keyof RunSummaryFieldsFragment; label: string; higherIsBetter: boolean }[] = [
  { key: 'accuracy', label: 'Accuracy', higherIsBetter: true },
  { key: 'balancedAccuracy', label: 'Balanced accuracy', higherIsBetter: true },
  { key: 'macroF1', label: 'Macro-F1', higherIsBetter: true },
  { key: 'quadraticWeightedKappa', label: 'Quadratic weighted kappa', higherIsBetter: true },
  { key: 'expectedCalibrationError', label: 'Expected calibration error', higherIsBetter: false },
];

function verdict(delta: number | null, higherIsBetter: boolean): string {
  if (delta === null || Math.abs(delta) < 1e-9) return 'same';
  return delta > 0 === higherIsBetter ? '▲ better' : '▼ worse';
}

export function MetricDeltas({ a, b }: { a: RunSummaryFieldsFragment; b: RunSummaryFieldsFragment }) {
  return (
    <table className="data" data-testid="metric-deltas">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">A</th>
          <th scope="col" className="num">B</th>
          <th scope="col" className="num">B − A</th>
          <th scope="col">B is</th>
        </tr>
      </thead>
      <tbody>
        {METRICS.map(({ key, label, higherIsBetter }) => {
          const va = a[key] as number | null;
          const vb = b[key] as number | null;
          const delta = va === null || vb === null ? null : vb - va;
          const word = verdict(delta, higherIsBetter);
          return (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td className="num">{decimal(va)}</td>
              <td className="num">{decimal(vb)}</td>
              <td className="num">{signed(delta)}</td>
              <td style={{ color: word.includes('better') ? 'var(--right)' : word.includes('worse') ? 'var(--wrong)' : undefined }}>{word}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
