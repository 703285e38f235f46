import type { Metadata } from 'next';
import Link from 'next/link';
import { LiveRefresh } from '@/components/runs/live-refresh';
import { isActive } from '@/components/runs/run-status';
import { RunsTable } from '@/components/runs/runs-table';
import { StartBatchForm } from '@/components/runs/start-batch-form';
import { EmptyState } from '@/components/states/empty-state';
import { ProblemState } from '@/components/states/problem-state';
import { apiLacksFor, apiServes } from '@/lib/graphql/api-coverage';
import { gql } from '@/lib/graphql/client';
import { ModelsDocument, RunsPageDocument } from '@/lib/graphql/generated/operations';

export const metadata: Metadata = { title: 'Runs' };

const PAGE_SIZE = 25;

export default async function RunsPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const { after } = await searchParams;
  const [runsRes, modelsRes] = await Promise.all([gql(RunsPageDocument, { first: PAGE_SIZE, after: after ?? null }), gql(ModelsDocument, {})]);
  if (!runsRes.ok) return <ProblemState problem={runsRes.problem} context="The runs could not be loaded." />;
  const { nodes: runs, pageInfo, totalCount } = runsRes.data.runs;
  const models = modelsRes.ok ? modelsRes.data.models : [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Runs</h1>
          <p>
            {totalCount} run{totalCount === 1 ? '' : 's'}. Open one to see where its model goes wrong.
          </p>
        </div>
        {runs.length >= 2 && (
          <Link className="button secondary" href="/compare">
            Compare two runs
          </Link>
        )}
      </div>
      <LiveRefresh active={runs.some((r) => r.kind === 'BATCH' && isActive(r.status))} />
      {runs.length === 0 ? (
        <EmptyState title="No runs yet">
          <p>A run appears here as soon as the API explains a sample: start a batch below, call the API’s analyzeSample mutation, or run</p>
          <pre className="small">npm start -w apps/api   # then, e.g., analyzeSample with modelId and the images of models/demo/samples</pre>
        </EmptyState>
      ) : (
        <section className="panel" aria-label="Runs">
          <RunsTable runs={runs} cancel={{ available: apiServes('CancelRun'), lacking: apiLacksFor('CancelRun') }} />
          <div className="pager">
            {after && <Link href="/runs">← Newest runs</Link>}
            {pageInfo.hasNextPage && pageInfo.endCursor && <Link href={`/runs?after=${encodeURIComponent(pageInfo.endCursor)}`}>Older runs →</Link>}
          </div>
        </section>
      )}
      {models.length > 0 ? (
        <StartBatchForm models={models} available={apiServes('StartBatch')} lacking={apiLacksFor('StartBatch')} />
      ) : (
        modelsRes.ok && (
          <EmptyState title="No model registered">
            <p>Register one with the API’s registerModel mutation (the API registers models/demo at start-up when it exists).</p>
          </EmptyState>
        )
      )}
    </>
  );
}
