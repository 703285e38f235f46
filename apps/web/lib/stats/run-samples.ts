/**
 * Every sample of a run (lean fields), page by page, up to a limit the dashboard can hold: what
 * the comparison of two runs matches by externalId while the API has no compareRuns.
 */
import 'server-only';
import type { ApiResult } from '../graphql/api-problem';
import { gql } from '../graphql/client';
import { type SampleStatsFragment, type SampleStatsPageQuery, SampleStatsPageDocument } from '../graphql/generated/operations';

type StatsPage = NonNullable<SampleStatsPageQuery['run']>['samples'];

/** The API's largest page. */
const PAGE = 500;
export const SAMPLE_LIMIT = 5000;

export interface RunSamples {
  samples: SampleStatsFragment[];
  totalCount: number;
  /** True when the run has more than SAMPLE_LIMIT samples and only the first were read. */
  truncated: boolean;
}

export async function readRunSamples(runId: string, limit = SAMPLE_LIMIT): Promise<ApiResult<RunSamples>> {
  const samples: SampleStatsFragment[] = [];
  let after: string | null = null;
  for (;;) {
    const res: ApiResult<SampleStatsPageQuery> = await gql(SampleStatsPageDocument, { runId, first: Math.min(PAGE, limit - samples.length), after });
    if (!res.ok) return res;
    const page: StatsPage | undefined = res.data.run?.samples;
    if (!page) return { ok: false, problem: { kind: 'graphql', operation: 'SampleStatsPage', code: 'NOT_FOUND', message: `run ${runId} not found` } };
    samples.push(...page.nodes);
    const full = samples.length >= limit;
    if (!page.pageInfo.hasNextPage || full) return { ok: true, data: { samples, totalCount: page.totalCount, truncated: page.pageInfo.hasNextPage } };
    after = page.pageInfo.endCursor;
  }
}
