/** compareRuns' pairs of some outcomes, page by page, up to a limit the page can show. */
import 'server-only';
import type { ApiResult } from '../graphql/api-problem';
import { gql } from '../graphql/client';
import { type ComparedPairFragment, ComparePairsDocument, type ComparePairsQuery, type PairOutcome } from '../graphql/generated/operations';

/** The API's largest page. */
const PAGE = 500;
export const PAIR_LIMIT = 2000;

export interface Pairs {
  pairs: ComparedPairFragment[];
  /** More pairs matched than PAIR_LIMIT; only the first were read. */
  truncated: boolean;
}

async function readOutcome(base: string, other: string, outcome: PairOutcome, limit: number): Promise<ApiResult<Pairs>> {
  const pairs: ComparedPairFragment[] = [];
  let after: string | null = null;
  for (;;) {
    const res: ApiResult<ComparePairsQuery> = await gql(ComparePairsDocument, { base, other, outcome, first: Math.min(PAGE, limit - pairs.length), after });
    if (!res.ok) return res;
    const page: ComparePairsQuery['compareRuns']['pairs'] = res.data.compareRuns.pairs;
    pairs.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || pairs.length >= limit) return { ok: true, data: { pairs, truncated: page.pageInfo.hasNextPage } };
    after = page.pageInfo.endCursor;
  }
}

export async function readPairs(base: string, other: string, outcomes: readonly PairOutcome[]): Promise<ApiResult<Pairs>> {
  const results = await Promise.all(outcomes.map((o) => readOutcome(base, other, o, PAIR_LIMIT)));
  const pairs: ComparedPairFragment[] = [];
  let truncated = false;
  for (const r of results) {
    if (!r.ok) return r;
    pairs.push(...r.data.pairs);
    truncated ||= r.data.truncated;
  }
  return { ok: true, data: { pairs, truncated } };
}
