/** The run's headline metrics, each with what it is measured over. */
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { decimal, percent } from '@/lib/format';

export function Card({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}

export function SummaryCards({ summary }: { summary: RunSummaryFieldsFragment }) {
  const over = `${summary.labelled} labelled of ${summary.count}`;
  return (
    <section className="cards" aria-label="Summary metrics">
      <Card testId="metric-accuracy" label="Accuracy" value={percent(summary.accuracy)} hint={over} />
      <Card testId="metric-balanced-accuracy" label="Balanced accuracy" value={percent(summary.balancedAccuracy)} hint="mean recall per class" />
      <Card testId="metric-macro-f1" label="Macro-F1" value={decimal(summary.macroF1)} hint="mean F1 per class" />
      <Card testId="metric-kappa" label="Quadratic weighted kappa" value={decimal(summary.quadraticWeightedKappa)} hint="grades are ordinal" />
      <Card
        testId="metric-ece"
        label="Expected calibration error"
        value={decimal(summary.expectedCalibrationError)}
        hint={`mean confidence: right ${percent(summary.meanConfidenceCorrect)}, wrong ${percent(summary.meanConfidenceWrong)}`}
      />
    </section>
  );
}
