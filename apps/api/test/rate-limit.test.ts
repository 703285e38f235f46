/**
 * The per-client budget of mutations and expensive queries (GRADCAM_RATE_LIMIT): spent, it is
 * a 429 RATE_LIMITED with Retry-After before anything runs; cheap queries and other clients are
 * not held up.
 */
import { readConfig } from '../src/config/env';
import { errorCode, startTestApi, type TestApi } from './support/test-api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ rateLimitPerMinute: 3 });
});
afterAll(() => t.stop());

const CANCEL = 'mutation($id: ID!) { cancelRun(id: $id) { id } }';
const unknownRun = '00000000-0000-4000-8000-000000000000';

test('the default budget is generous, and 0 turns the limit off', () => {
  expect(readConfig({}).rateLimitPerMinute).toBe(3000);
  expect(readConfig({ GRADCAM_RATE_LIMIT: '0' }).rateLimitPerMinute).toBe(0);
});

test('a client over its budget is refused with 429 and Retry-After; cheap queries and other clients still pass', async () => {
  for (let k = 0; k < 3; k++) expect(errorCode(await t.gql(CANCEL, { id: unknownRun }))).toBe('NOT_FOUND');
  const res = await fetch(`${t.api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CANCEL, variables: { id: unknownRun } }) });
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
  expect(body.errors[0]!.message).toMatch(/over the limit of 3 mutations and expensive queries a minute \(GRADCAM_RATE_LIMIT\): retry in \d+ s/);
  // A cheap query spends nothing.
  expect((await t.gql('{ models { id } }')).errors).toBeUndefined();
  // Another client (another token) has its own budget.
  expect(errorCode(await t.gql(CANCEL, { id: unknownRun }, { authorization: 'Bearer someone-else' }))).toBe('NOT_FOUND');
});

test('an expensive query spends a point per 1,000 of its cost', async () => {
  const client = { authorization: 'Bearer pager' };
  // 500 samples of a run with 10 fields: cost ~5,500 (5 points), over a budget of 3 at once.
  const run = await t.api.services.prisma.run.findFirstOrThrow();
  const res = await t.gql(`{ run(id: "${run.id}") { samples(first: 500) { nodes { id externalId trueClass predictedClass targetClass confidence correct method device engineMs } } } }`, {}, client);
  expect(errorCode(res)).toBe('RATE_LIMITED');
  expect((await t.gql(`{ run(id: "${run.id}") { samples(first: 20) { nodes { id } } } }`, {}, client)).errors).toBeUndefined();
});
