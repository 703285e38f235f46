import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ConfidenceHistogram } from '@/components/charts/confidence-histogram';
import { ContributionBars } from '@/components/charts/contribution-bars';
import { ReliabilityDiagram } from '@/components/charts/reliability-diagram';
import { ConfusionMatrix } from '@/components/run/confusion-matrix';
import { PerClassTable } from '@/components/run/per-class-table';
import { RunHeader } from '@/components/run/run-header';
import { SummaryCards } from '@/components/run/summary-cards';
import { LiveRefresh } from '@/components/runs/live-refresh';
import { isActive } from '@/components/runs/run-status';
import { EmptyState } from '@/components/states/empty-state';
import { ProblemState } from '@/components/states/problem-state';
import { gql } from '@/lib/graphql/client';
import { RunDetailDocument } from '@/lib/graphql/generated/operations';
import { sampleQueryHref } from '@/lib/sample-query';

export const metadata: Metadata = { title: 'Run' };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const res = await gql(RunDetailDocument, { id: runId });
  if (!res.ok) return <ProblemState problem={res.problem} context="This run could not be loaded." />;
  const run = res.data.run;
  if (!run) notFound();
  const { summary } = run;
  const classNames = run.model.classNames;

  return (
    <>
      <RunHeader run={run}>
        <Link className="button" href={sampleQueryHref(run.id, {})}>
          Browse samples
        </Link>
        <Link className="button secondary" href={sampleQueryHref(run.id, { misclassified: true, sort: 'confidence-desc' })}>
          Confident mistakes first
        </Link>
        <Link className="button secondary" href={`/compare?a=${run.id}`}>
          Compare with…
        </Link>
      </RunHeader>
      <LiveRefresh active={run.kind === 'BATCH' && isActive(run.status)} />
      {run.failures.length > 0 && (
        <details className="notice">
          <summary>{run.failures.length} dataset rows could not be analysed</summary>
          <ul className="small">
            {run.failures.slice(0, 50).map((f) => (
              <li key={f.externalId}>
                {f.externalId}
                {f.line ? ` (line ${f.line})` : ''}: {f.error}
              </li>
            ))}
          </ul>
        </details>
      )}
      {summary.count === 0 ? (
        <EmptyState title="No samples in this run yet">
          <p>{run.kind === 'BATCH' && isActive(run.status) ? 'The batch is queued or running: this page updates as samples arrive.' : 'Analyse samples into this run (analyzeSample with its runId) to see its statistics.'}</p>
        </EmptyState>
      ) : (
        <>
          {summary.labelled === 0 && <p className="notice">No sample of this run has a true class, so there is nothing to score: give trueClass (or a label column in the manifest).</p>}
          <SummaryCards summary={summary} />
          <div className="grid-2">
            <section className="panel" aria-labelledby="confusion-title">
              <h2 id="confusion-title">Confusion matrix</h2>
              <p className="small muted">Click a cell to see exactly its samples. Colour: the cell’s share of its true class.</p>
              <ConfusionMatrix matrix={summary.confusionMatrix} classNames={classNames} cellHref={(t, p) => sampleQueryHref(run.id, { trueClass: t, predictedClass: p })} />
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
          <section className="panel" aria-labelledby="contrib-title" style={{ marginTop: '1rem' }}>
            <h2 id="contrib-title">Which input drives each predicted class</h2>
            <p className="small muted">Mean contribution of each input branch to the predicted class’s score (gradient × activation, summed over the branch), over the samples predicted as that class.</p>
            <ContributionBars contributions={summary.contributions} inputs={run.model.inputs} />
          </section>
        </>
      )}
    </>
  );
}
