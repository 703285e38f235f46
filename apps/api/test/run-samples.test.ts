/**
 * runs, run { progress samples(filter, orderBy, first, after) } and sample: every filter and order
 * walked page by page equals the same selection computed here from the stored rows.
 */
import { createSyntheticRun } from '../src/bench/synthetic-run';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';

let t: TestApi;
let runId: string;
type Row = { id: string; externalId: string; trueClass: number | null; predictedClass: number | null; confidence: number; correct: boolean | null; createdAt: Date };
let rows: Row[];

beforeAll(async () => {
  t = await startTestApi();
  const model = await t.api.services.prisma.model.findFirstOrThrow();
  runId = await createSyntheticRun(t.api.services.prisma, model.id, 300);
  // A multiclass run: every sample has a confidence.
  rows = (await t.api.services.prisma.sample.findMany({ where: { runId } })).map((r) => ({ ...r, confidence: r.confidence! }));
});
afterAll(() => t.stop());

const PAGE = `query($id: ID!, $filter: SampleFilter, $orderBy: SampleOrder, $first: Int, $after: String) {
  run(id: $id) { samples(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } nodes { id externalId confidence } } } }`;

interface SamplePage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string }[];
}

async function walk(filter: object, orderBy: string, first: number): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: SamplePage = ok(await t.gql<{ run: { samples: SamplePage } }>(PAGE, { id: runId, filter, orderBy, first, after })).run.samples;
    expect(page.edges.map((e) => e.node.id)).toEqual(page.nodes.map((n) => n.id));
    ids.push(...page.nodes.map((n) => n.id));
    if (!page.pageInfo.hasNextPage) return { ids, totalCount: page.totalCount };
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    after = page.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

type Filter = { misclassified?: boolean; trueClass?: number; predictedClass?: number; minConfidence?: number; maxConfidence?: number };

function reference(filter: Filter, orderBy: string): string[] {
  const kept = rows.filter(
    (r) =>
      (filter.misclassified === undefined || r.correct === !filter.misclassified) &&
      (filter.trueClass === undefined || r.trueClass === filter.trueClass) &&
      (filter.predictedClass === undefined || r.predictedClass === filter.predictedClass) &&
      (filter.minConfidence === undefined || r.confidence >= filter.minConfidence) &&
      (filter.maxConfidence === undefined || r.confidence <= filter.maxConfidence),
  );
  const byId = (a: Row, b: Row): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const order: Record<string, (a: Row, b: Row) => number> = {
    EXTERNAL_ID: (a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : byId(a, b)),
    CONFIDENCE_ASC: (a, b) => a.confidence - b.confidence || byId(a, b),
    CONFIDENCE_DESC: (a, b) => b.confidence - a.confidence || byId(b, a),
    CREATED_AT: (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a, b),
  };
  return kept.sort(order[orderBy]).map((r) => r.id);
}

const FILTERS: Filter[] = [{}, { misclassified: true }, { misclassified: false }, { trueClass: 2 }, { trueClass: 1, predictedClass: 3 }, { minConfidence: 0.5, maxConfidence: 0.8 }, { misclassified: true, predictedClass: 0, minConfidence: 0.4 }];
const ORDERS = ['EXTERNAL_ID', 'CONFIDENCE_ASC', 'CONFIDENCE_DESC', 'CREATED_AT'];

test.each(FILTERS.flatMap((f) => ORDERS.map((o) => [JSON.stringify(f), o, f] as const)))('samples(filter: %s, orderBy: %s) pages through the right rows', async (_label, orderBy, filter) => {
  const want = reference(filter, orderBy);
  expect(want.length).toBeGreaterThan(0);
  const got = await walk(filter, orderBy, 37);
  expect(got.totalCount).toBe(want.length);
  expect(got.ids).toEqual(want);
});

test('run progress counts the batch', async () => {
  const { run } = ok(await t.gql('query($id: ID!) { run(id: $id) { kind status method progress { total done failed } model { name } } }', { id: runId }));
  expect(run).toEqual({ kind: 'BATCH', status: 'COMPLETED', method: 'gradcam', progress: { total: 300, done: 300, failed: 0 }, model: { name: 'demo' } });
});

test('runs come newest first, page by page', async () => {
  const all = await t.api.services.prisma.run.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  const first = ok(await t.gql('{ runs(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { id kind } } }')).runs;
  expect(first.totalCount).toBe(all.length);
  expect(first.nodes.map((r: { id: string }) => r.id)).toEqual([all[0]!.id]);
  expect(first.pageInfo.hasNextPage).toBe(true);
  const rest = ok(await t.gql('query($after: String) { runs(first: 10, after: $after) { pageInfo { hasNextPage } nodes { id } } }', { after: first.pageInfo.endCursor })).runs;
  expect(rest.nodes.map((r: { id: string }) => r.id)).toEqual(all.slice(1).map((r) => r.id));
  expect(rest.pageInfo.hasNextPage).toBe(false);
});

test('bad page arguments are BAD_USER_INPUT; unknown ids are null', async () => {
  expect(errorCode(await t.gql(PAGE, { id: runId, first: 10_000 }))).toBe('BAD_USER_INPUT');
  expect(errorCode(await t.gql(PAGE, { id: runId, after: 'garbage' }))).toBe('BAD_USER_INPUT');
  expect(errorCode(await t.gql(PAGE, { id: runId, filter: { minConfidence: 0.9, maxConfidence: 0.1 } }))).toBe('BAD_USER_INPUT');
  expect(ok(await t.gql('{ run(id: "nope") { id } sample(id: "00000000-0000-0000-0000-000000000000") { id } }'))).toEqual({ run: null, sample: null });
});
