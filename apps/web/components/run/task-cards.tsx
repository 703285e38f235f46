/** The headline metrics of the runs whose summary is not a classifier's alone: binary, multi-label, regression. */
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { decimal, percent } from '@/lib/format';
import { Card } from './summary-cards';

type Summary = RunSummaryFieldsFragment;

/** Beside the classification cards of a binary run. */
export function BinaryCards({ binary }: { binary: NonNullable<Summary['binary']> }) {
  return (
    <section className="cards" aria-label="Binary metrics">
      <Card testId="metric-roc-auc" label="ROC AUC" value={decimal(binary.rocAuc)} hint={`of P(${binary.positiveClassName}); ties count ½`} />
      <Card testId="metric-threshold" label="Decision threshold" value={percent(binary.threshold, 0)} hint={`${binary.positiveClassName} when P ≥ threshold`} />
    </section>
  );
}

export function MultiLabelCards({ summary, multiLabel }: { summary: Summary; multiLabel: NonNullable<Summary['multiLabel']> }) {
  return (
    <section className="cards" aria-label="Multi-label metrics">
      <Card testId="metric-exact-match" label="Exact match" value={percent(multiLabel.exactMatchRatio)} hint={`${summary.labelled} labelled of ${summary.count}`} />
      <Card testId="metric-hamming-loss" label="Hamming loss" value={decimal(multiLabel.hammingLoss)} hint="share of labels predicted wrong" />
      <Card testId="metric-macro-precision" label="Macro precision" value={decimal(multiLabel.macroPrecision)} hint="labels that occur" />
      <Card testId="metric-macro-recall" label="Macro recall" value={decimal(multiLabel.macroRecall)} hint="labels that occur" />
      <Card testId="metric-macro-f1" label="Macro-F1" value={decimal(multiLabel.macroF1)} hint="labels that occur" />
      <Card testId="metric-macro-auc" label="Macro ROC AUC" value={decimal(multiLabel.macroRocAuc)} hint={`labels with both outcomes; threshold ${percent(multiLabel.threshold, 0)}`} />
    </section>
  );
}

export function RegressionCards({ summary, regression }: { summary: Summary; regression: NonNullable<Summary['regression']> }) {
  const over = `${regression.outputName}, ${summary.labelled} with a true value of ${summary.count}`;
  return (
    <section className="cards" aria-label="Regression metrics">
      <Card testId="metric-mae" label="MAE" value={decimal(regression.mae)} hint={over} />
      <Card testId="metric-rmse" label="RMSE" value={decimal(regression.rmse)} hint="root mean squared error" />
      <Card testId="metric-pearson" label="Pearson r" value={decimal(regression.pearson)} hint="predicted vs true" />
      <Card testId="metric-means" label="Mean true / predicted" value={`${decimal(regression.meanTrue, 2)} / ${decimal(regression.meanPredicted, 2)}`} />
    </section>
  );
}
