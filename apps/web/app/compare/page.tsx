import type { Metadata } from 'next';
import Link from 'next/link';
import { ChangedSampleRow } from '@/components/compare/changed-sample';
import { MetricDeltas } from '@/components/compare/metric-deltas';
import { RunPicker } from '@/components/compare/run-picker';
import { ConfusionMatrix } from '@/components/run/confusion-matrix';
import { EmptyState } from '@/components/states/empty-state';
import { ProblemState } from '@/components/states/problem-state';
import { InputShiftTable } from '@/components/compare/input-shift-table';
import { CHANGE_SORTS, type ChangeKind, type ChangeSort, OUTCOMES_OF, sortChanged, toChangedPair } from '@/lib/compare/changed-pairs';
import { readPairs } from '@/lib/compare/read-pairs';
import { gql } from '@/lib/graphql/client';
import { CompareRunsDocument, RunChoicesDocument } from '@/lib/graphql/generated/operations';
import { runTitle } from '@/lib/run-title';
import { sampleQueryHref } from '@/lib/sample-query';

export const metadata: Metadata = { title: 'Compare runs' };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v) || undefined;
const SHOW = ['all', 'fixed', 'broken', 'changed'] as const;
type Show = (typeof SHOW)[number];

function compareHref(a: string, b: string, show: Show, sort: ChangeSort): string {
  const p = new URLSearchParams({ a, b });
  if (show !== 'all') p.set('show', show);
  if (sort !== 'shift') p.set('sort', sort);
  return `/compare?${p}`;
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const a = one(params.a);
  const b = one(params.b);
  const show: Show = (SHOW as readonly string[]).includes(one(params.show) ?? '') ? (one(params.show) as Show) : 'all';
  const sort: ChangeSort = (CHANGE_SORTS as readonly string[]).includes(one(params.sort) ?? '') ? (one(params.sort) as ChangeSort) : 'shift';

  const choices = await gql(RunChoicesDocument, {});
  if (!choices.ok) return <ProblemState problem={choices.problem} context="The runs could not be loaded." />;
  const runs = choices.data.runs.nodes;
  const head = (
    <div className="page-head">
      <div>
        <div className="breadcrumbs">
          <Link href="/runs">Runs</Link>
        </div>
        <h1>Compare runs</h1>
        <p>Did the new checkpoint fix it? Two runs over the same samples, side by side.</p>
      </div>
    </div>
  );
  if (runs.length < 2)
    return (
      <>
        {head}
        <EmptyState title="Two runs are needed">
          <p>Explain the same samples with two models or checkpoints (e.g. models/demo and models/demo/earlier), then come back.</p>
        </EmptyState>
      </>
    );
  if (!a || !b || a === b)
    return (
      <>
        {head}
        <RunPicker runs={runs} a={a} b={b} />
        <EmptyState title={a && a === b ? 'Pick two different runs' : 'Pick the two runs to compare'}>
          <p>Run A is the “before” (e.g. the earlier checkpoint), run B the “after”. Samples are matched by their id.</p>
        </EmptyState>
      </>
    );

  const kindsShown: ChangeKind[] = show === 'all' ? ['fixed', 'broken', 'changed'] : [show];
  const [compared, pairs] = await Promise.all([gql(CompareRunsDocument, { base: a, other: b }), readPairs(a, b, kindsShown.flatMap((k) => OUTCOMES_OF[k]))]);
  if (!compared.ok || !pairs.ok) {
    const problem = !compared.ok ? compared.problem : !pairs.ok ? pairs.problem : null;
    return (
      <>
        {head}
        <RunPicker runs={runs} a={a} b={b} />
        {problem && <ProblemState problem={problem} context="These runs could not be compared." />}
      </>
    );
  }
  const comparison = compared.data.compareRuns;
  const runA = comparison.baseRun;
  const runB = comparison.otherRun;
  const classNames = runB.model.classNames;
  const sameClasses = runA.model.classNames.join('\n') === classNames.join('\n');
  const changed = pairs.data.pairs.map(toChangedPair).filter((c) => c !== null);
  const shown = sortChanged(changed, sort);
  const truncated = pairs.data.truncated;
  // Other changes: both wrong (or unlabelled) before and after, under another class.
  const otherChanges = comparison.classChanges.reduce((t, c) => t + c.count, 0) - comparison.fixed - comparison.broken;
  const counts: Record<ChangeKind, number> = { fixed: comparison.fixed, broken: comparison.broken, changed: otherChanges };
  const totalChanged = counts.fixed + counts.broken + counts.changed;
  const tab = (value: Show, label: string, count: number) => (
    <Link key={value} href={compareHref(a, b, value, sort)} aria-current={show === value ? 'true' : undefined} className={`button${show === value ? '' : ' secondary'}`} data-testid={`show-${value}`}>
      {label} ({count})
    </Link>
  );
  const kinds: Record<ChangeKind, string> = { fixed: 'Fixed', broken: 'Broken', changed: 'Other changes' };

  return (
    <>
      {head}
      <RunPicker runs={runs} a={a} b={b} />
      {!sameClasses && <p className="notice">The two models name their classes differently; classes are compared by index.</p>}
      {truncated && <p className="notice">More samples changed than this page lists; the first of each kind are shown.</p>}
      <div className="grid-2">
        {[runA, runB].map((run, i) => (
          <section className="panel" key={run.id} aria-label={`Run ${i ? 'B' : 'A'}`}>
            <h2>
              {i ? 'B' : 'A'}: <Link href={`/runs/${run.id}`}>{runTitle(run)}</Link>
            </h2>
            <ConfusionMatrix matrix={run.summary.confusionMatrix} classNames={run.model.classNames} cellHref={(t, p) => sampleQueryHref(run.id, { trueClass: t, predictedClass: p })} testId={`confusion-matrix-${i ? 'b' : 'a'}`} />
          </section>
        ))}
      </div>
      <section className="panel" style={{ marginTop: '1rem' }} aria-labelledby="deltas-title">
        <h2 id="deltas-title">Metrics</h2>
        <MetricDeltas a={runA.summary} b={runB.summary} />
      </section>
      <section className="panel" aria-labelledby="shift-title">
        <h2 id="shift-title">Where the models look, per input</h2>
        <InputShiftTable shifts={comparison.heatmapShift} />
      </section>
      <section aria-labelledby="changed-title">
        <h2 id="changed-title">Samples whose prediction changed</h2>
        <p className="muted" data-testid="compare-counts">
          {comparison.matched} samples in both runs ({comparison.onlyInBase} only in A, {comparison.onlyInOther} only in B); {totalChanged} changed: {counts.fixed} fixed, {counts.broken} broken, {counts.changed} other.
        </p>
        <div className="row" role="group" aria-label="Which changes" style={{ marginBottom: '0.75rem' }}>
          {tab('all', 'All', totalChanged)}
          {(Object.keys(kinds) as ChangeKind[]).map((k) => tab(k, kinds[k], counts[k]))}
          <span className="spacer" />
          <span className="small muted">Sort:</span>
          <Link href={compareHref(a, b, show, 'shift')} aria-current={sort === 'shift' ? 'true' : undefined} data-testid="sort-shift">
            largest heat-map shift first
          </Link>
          <Link href={compareHref(a, b, show, 'id')} aria-current={sort === 'id' ? 'true' : undefined} data-testid="sort-id">
            by sample id
          </Link>
        </div>
        {shown.length === 0 ? (
          <EmptyState title={comparison.matched === 0 ? 'No sample in common' : 'No prediction changed here'}>
            <p>{comparison.matched === 0 ? 'These runs share no sample id: compare runs over the same dataset.' : 'Every matched sample got the same prediction in both runs (for this selection).'}</p>
          </EmptyState>
        ) : (
          <ul style={{ listStyle: 'none', padding: 0 }} data-testid="changed-samples">
            {shown.map((c) => (
              <ChangedSampleRow key={c.pair.externalId} change={c} classNames={classNames} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
