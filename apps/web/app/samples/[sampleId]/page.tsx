import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { InputContributionBars } from '@/components/sample/input-contribution-bars';
import { ProbabilityBars } from '@/components/sample/probability-bars';
import { SampleHeatmaps } from '@/components/sample/sample-heatmaps';
import { OutputValues } from '@/components/sample/output-values';
import { PredictionBadges } from '@/components/samples/prediction-badges';
import { ProblemState } from '@/components/states/problem-state';
import { decimal, percent } from '@/lib/format';
import { gql } from '@/lib/graphql/client';
import { RunHeaderDocument, SampleDetailDocument } from '@/lib/graphql/generated/operations';
import { runTitle } from '@/lib/run-title';
import { sampleQueryHref } from '@/lib/sample-query';

export const metadata: Metadata = { title: 'Sample' };

export default async function SamplePage({ params }: { params: Promise<{ sampleId: string }> }) {
  const { sampleId } = await params;
  const res = await gql(SampleDetailDocument, { id: sampleId });
  if (!res.ok) return <ProblemState problem={res.problem} context="This sample could not be loaded." />;
  const sample = res.data.sample;
  if (!sample) notFound();
  const runRes = await gql(RunHeaderDocument, { id: sample.runId });
  if (!runRes.ok) return <ProblemState problem={runRes.problem} context="The sample’s run could not be loaded." />;
  const run = runRes.data.run;
  if (!run) notFound();
  const classNames = run.model.classNames;

  return (
    <>
      <div className="page-head">
        <div>
          <div className="breadcrumbs">
            <Link href="/runs">Runs</Link> / <Link href={`/runs/${run.id}`}>{runTitle(run)}</Link> / <Link href={sampleQueryHref(run.id, {})}>Samples</Link>
          </div>
          <h1>Sample {sample.externalId}</h1>
          <PredictionBadges sample={sample} classNames={classNames} />
          <p className="small" data-testid="sample-facts">
            {sample.task === 'REGRESSION' ? '' : `${sample.task === 'MULTILABEL' ? `Most probable label ${classNames[sample.predictedClass ?? -1] ?? '—'} at` : 'Confidence'} ${percent(sample.confidence)} · `}
            {sample.method} on {sample.device} · {decimal(sample.engineMs, 1)} ms
          </p>
        </div>
      </div>
      <div className="grid-2">
        {sample.task === 'REGRESSION' ? (
          <section className="panel" aria-labelledby="values-title">
            <h2 id="values-title">Outputs</h2>
            <OutputValues values={sample.values ?? []} trueValue={sample.trueValue} outputNames={classNames} />
          </section>
        ) : (
          <section className="panel" aria-labelledby="probabilities-title">
            <h2 id="probabilities-title">{sample.task === 'MULTILABEL' ? 'Probability per label (σ; predicted from 50%)' : 'Probabilities'}</h2>
            <ProbabilityBars
              probabilities={sample.probabilities}
              classNames={classNames}
              predicted={sample.task === 'MULTILABEL' ? (sample.predictedLabels ?? []) : sample.predictedClass === null ? [] : [sample.predictedClass]}
              truth={sample.task === 'MULTILABEL' ? (sample.trueLabels ?? []) : sample.trueClass === null ? [] : [sample.trueClass]}
            />
          </section>
        )}
        <section className="panel" aria-labelledby="contributions-title">
          <h2 id="contributions-title">What each input contributed to {classNames[sample.targetClass] ?? `class ${sample.targetClass}`}</h2>
          <InputContributionBars contributions={sample.branchContributions} />
        </section>
      </div>
      <div style={{ marginTop: '1rem' }}>
        <SampleHeatmaps sample={sample} classNames={classNames} />
      </div>
    </>
  );
}
