import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RunHeader } from '@/components/run/run-header';
import { SampleCard } from '@/components/samples/sample-card';
import { SampleFilters } from '@/components/samples/sample-filters';
import { EmptyState } from '@/components/states/empty-state';
import { ProblemState } from '@/components/states/problem-state';
import { gql } from '@/lib/graphql/client';
import { runTitle } from '@/lib/run-title';
import { RunHeaderDocument, SamplesPageDocument } from '@/lib/graphql/generated/operations';
import { describeQuery, parseSampleQuery, sampleQueryHref, SORTS, toSampleFilter } from '@/lib/sample-query';

export const metadata: Metadata = { title: 'Samples' };

const PAGE_SIZE = 24;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function SamplesPage({ params, searchParams }: { params: Promise<{ runId: string }>; searchParams: Promise<SearchParams> }) {
  const { runId } = await params;
  const query = parseSampleQuery(await searchParams);
  const [runRes, pageRes] = await Promise.all([
    gql(RunHeaderDocument, { id: runId }),
    gql(SamplesPageDocument, { runId, filter: toSampleFilter(query), orderBy: SORTS[query.sort], first: PAGE_SIZE, after: query.after }),
  ]);
  if (!runRes.ok) return <ProblemState problem={runRes.problem} context="This run could not be loaded." />;
  const run = runRes.data.run;
  if (!run) notFound();
  const classNames = run.model.classNames;
  const firstPage = sampleQueryHref(runId, { ...query, after: null });

  return (
    <>
      <RunHeader run={run} trail={[{ href: `/runs/${runId}`, label: runTitle(run) }]} />
      <h2>Samples</h2>
      <SampleFilters runId={runId} query={query} classNames={classNames} task={run.model.task} />
      {!pageRes.ok ? (
        <ProblemState problem={pageRes.problem} context="The samples could not be loaded with these filters." />
      ) : !pageRes.data.run || pageRes.data.run.samples.totalCount === 0 ? (
        <EmptyState title="No sample matches">
          <p>
            No sample of this run is {describeQuery(query, classNames)}. <Link href={sampleQueryHref(runId, {})}>Clear the filters</Link>.
          </p>
        </EmptyState>
      ) : (
        <section aria-label="Samples">
          <p className="muted" data-testid="sample-count" role="status">
            {pageRes.data.run.samples.totalCount} sample{pageRes.data.run.samples.totalCount === 1 ? '' : 's'}: {describeQuery(query, classNames)}
          </p>
          <ul className="sample-grid" data-testid="sample-grid">
            {pageRes.data.run.samples.nodes.map((s) => (
              <SampleCard key={s.id} sample={s} classNames={classNames} />
            ))}
          </ul>
          <nav className="pager" aria-label="Pages">
            {query.after && <Link href={firstPage}>← First page</Link>}
            {pageRes.data.run.samples.pageInfo.hasNextPage && pageRes.data.run.samples.pageInfo.endCursor && (
              <Link href={sampleQueryHref(runId, { ...query, after: pageRes.data.run.samples.pageInfo.endCursor })} data-testid="next-page">
                Next page →
              </Link>
            )}
          </nav>
        </section>
      )}
    </>
  );
}
