/** With GRADCAM_API_KEY set, mutations need the bearer key; queries do not. */
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ apiKey: 'sesame' });
});
afterAll(() => t.stop());

const REGISTER = 'mutation { registerModel(path: "demo") { id } }';

test('a mutation without the key is refused with UNAUTHENTICATED (401)', async () => {
  const res = await t.gql(REGISTER);
  expect(res.status).toBe(401);
  expect(errorCode(res)).toBe('UNAUTHENTICATED');
  expect(errorCode(await t.gql(REGISTER, {}, { authorization: 'Bearer wrong' }))).toBe('UNAUTHENTICATED');
});

test('a mutation with the key, and any query, go through', async () => {
  ok(await t.gql(REGISTER, {}, { authorization: 'Bearer sesame' }));
  expect(ok(await t.gql('{ models { id } }')).models).toHaveLength(1);
});
