import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ContributionBars } from '@/components/charts/contribution-bars';
import { ClassificationPanels } from '@/components/run/classification-panels';
import { PerLabelTable } from '@/components/run/per-label-table';
import { RegressionPanel } from '@/components/run/regression-panel';
import { RunHeader } from '@/components/run/run-header';
import { SummaryCards } from '@/components/run/summary-cards';
import { BinaryCards, MultiLabelCards, RegressionCards } from '@/components/run/task-cards';
import { LiveRefresh } from '@/components/runs/live-refresh';
import { isActive } from '@/components/runs/run-status';
import { EmptyState } from '@/components/states/empty-state';
import { ProblemState } from '@/components/states/problem-state';
import { gql } from '@/lib/graphql/client';
import { RunDetailDocument } from '@/lib/graphql/generated/operations';
import { sampleQueryHref } from '@/lib/sample-query';
import { hasClasses } from '@/lib/task';

/** What a run without a truth lacks, in its task's words. */
const CLASS_TRUTH = { what: 'a true class', how: 'give trueClass (or a label column in the manifest)' };
const NO_TRUTH = {
  MULTICLASS: CLASS_TRUTH,
  BINARY: CLASS_TRUTH,
  MULTILABEL: { what: 'true labels', how: 'give trueLabels (or a labels column in the manifest: label names or indices separated by ;)' },
  REGRESSION: { what: 'a true value', how: 'give trueValue (or a value column in the manifest)' },
} as const;

export const metadata: Metadata = { title: 'Run' };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const res = await gql(RunDetailDocument, { id: runId });
  if (!res.ok) return <ProblemState problem={res.problem} context="This run could not be loaded." />;
  const run = res.data.run;
  if (!run) notFound();
  const { summary } = run;
  const { classNames, task } = run.model;

  return (
    <>
      <RunHeader run={run}>
        <Link className="button" href={sampleQueryHref(run.id, {})}>
          Browse samples
        </Link>
        {task !== 'REGRESSION' && (
          <Link className="button secondary" href={sampleQueryHref(run.id, { misclassified: true, sort: 'confidence-desc' })}>
            Confident mistakes first
          </Link>
        )}
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
          {summary.labelled === 0 && <p className="notice">No sample of this run has {NO_TRUTH[task].what}, so there is nothing to score: {NO_TRUTH[task].how}.</p>}
          {hasClasses(task) && <SummaryCards summary={summary} />}
          {summary.binary && <BinaryCards binary={summary.binary} />}
          {summary.multiLabel && <MultiLabelCards summary={summary} multiLabel={summary.multiLabel} />}
          {summary.regression && <RegressionCards summary={summary} regression={summary.regression} />}
          {hasClasses(task) && <ClassificationPanels runId={run.id} summary={summary} classNames={classNames} />}
          {summary.multiLabel && (
            <section className="panel" aria-labelledby="per-label-title">
              <h2 id="per-label-title">Per label</h2>
              <p className="small muted">A label’s name opens the samples that truly have it.</p>
              <PerLabelTable runId={run.id} perLabel={summary.multiLabel.perLabel} />
            </section>
          )}
          {summary.regression && <RegressionPanel runId={run.id} outputName={summary.regression.outputName} />}
          {task !== 'REGRESSION' && (
            <section className="panel" aria-labelledby="contrib-title" style={{ marginTop: '1rem' }}>
              <h2 id="contrib-title">Which input drives each predicted {task === 'MULTILABEL' ? 'label' : 'class'}</h2>
              <p className="small muted">Mean contribution of each input branch to the predicted {task === 'MULTILABEL' ? 'most probable label' : 'class'}’s score (gradient × activation, summed over the branch), over the samples predicted as that {task === 'MULTILABEL' ? 'label' : 'class'}.</p>
              <ContributionBars contributions={summary.contributions} inputs={run.model.inputs} />
            </section>
          )}
        </>
      )}
    </>
  );
}
