/** A multiclass or binary run's panels: the confusion matrix (cells open their samples), per-class scores, confidence and calibration. */
import { ConfidenceHistogram } from '@/components/charts/confidence-histogram';
import { ReliabilityDiagram } from '@/components/charts/reliability-diagram';
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { sampleQueryHref } from '@/lib/sample-query';
import { ConfusionMatrix } from './confusion-matrix';
import { PerClassTable } from './per-class-table';

export function ClassificationPanels({ runId, summary, classNames }: { runId: string; summary: RunSummaryFieldsFragment; classNames: readonly string[] }) {
  return (
    <div className="grid-2">
      <section className="panel" aria-labelledby="confusion-title">
        <h2 id="confusion-title">Confusion matrix</h2>
        <p className="small muted">Click a cell to see exactly its samples. Colour: the cell’s share of its true class.</p>
        <ConfusionMatrix matrix={summary.confusionMatrix} classNames={classNames} cellHref={(t, p) => sampleQueryHref(runId, { trueClass: t, predictedClass: p })} />
      </section>
      <section className="panel" aria-labelledby="per-class-title">
        <h2 id="per-class-title">Per class</h2>
        <PerClassTable perClass={summary.perClass} />
      </section>
      <section className="panel" aria-labelledby="histogram-title">
        <h2 id="histogram-title">Confidence: right vs wrong</h2>
        <ConfidenceHistogram bins={summary.calibration} />
      </section>
      <section className="panel" aria-labelledby="reliability-title">
        <h2 id="reliability-title">Reliability</h2>
        <ReliabilityDiagram bins={summary.calibration} ece={summary.expectedCalibrationError} />
      </section>
    </div>
  );
}
