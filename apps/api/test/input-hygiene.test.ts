/**
 * Every string argument of every query and mutation, by the schema: a NUL byte or an unpaired
 * surrogate in it is BAD_USER_INPUT naming where it was, before anything runs; so is a request
 * body that is not UTF-8. No database text reaches the client.
 */
import { getNamedType, type GraphQLArgument, type GraphQLField, type GraphQLInputType, isInputObjectType, isLeafType, isListType, isNonNullType, isScalarType } from 'graphql';
import { buildApiSchema } from '../src/schema/build-schema';
import { startTestApi, type TestApi } from './support/test-api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.stop());

/** Paths to every string inside a value of `type`, as [path in the value, value holding `bad` there]. */
function stringPaths(type: GraphQLInputType, bad: string, depth = 0): { path: string; value: unknown }[] {
  if (isNonNullType(type)) return stringPaths(type.ofType, bad, depth);
  if (isListType(type)) return stringPaths(type.ofType, bad, depth).map(({ path, value }) => ({ path: `[0]${path}`, value: [value] }));
  if (isScalarType(type)) return type.name === 'String' || type.name === 'ID' ? [{ path: '', value: bad }] : [];
  if (isInputObjectType(type) && depth < 3)
    return Object.values(type.getFields()).flatMap((f) => stringPaths(f.type, bad, depth + 1).map(({ path, value }) => ({ path: `.${f.name}${path}`, value: { [f.name]: value } })));
  return [];
}

interface Case {
  label: string;
  query: string;
  variables: Record<string, unknown>;
  path: string;
}

async function cases(bad: string): Promise<Case[]> {
  const schema = await buildApiSchema();
  const out: Case[] = [];
  for (const [kind, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(root?.getFields() ?? {}) as GraphQLField<unknown, unknown>[]) {
      const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
      const declared = field.args.map((a: GraphQLArgument) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      for (const arg of field.args) {
        for (const { path, value } of stringPaths(arg.type, bad)) {
          out.push({
            label: `${kind} ${field.name}(${arg.name}${path})`,
            query: `${kind}(${declared}) { ${field.name}(${passed})${selection} }`,
            variables: { [arg.name]: value },
            path: `variable $${arg.name}${path}`,
          });
        }
      }
    }
  }
  return out;
}

test.each([
  ['a NUL byte', 'x\u0000y', 'contains a NUL byte'],
  ['an unpaired surrogate', 'x\ud800y', 'contains an unpaired surrogate'],
])('%s in every string argument is BAD_USER_INPUT naming it', async (_label, bad, problem) => {
  const all = await cases(bad);
  // Far more than a handful: every root field with a string somewhere in its arguments.
  expect(all.length).toBeGreaterThan(15);
  expect(all.map((c) => c.label)).toContainEqual(expect.stringMatching(/^mutation analyzeSample\(input\.externalId\)$/));
  for (const c of all) {
    const res = await t.gql(c.query, c.variables);
    expect([c.label, res.errors?.[0]?.extensions?.code]).toEqual([c.label, 'BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toContain(`${c.path} ${problem}`);
  }
});

test('a NUL byte written in the query itself names the argument', async () => {
  const res = await t.gql('{ sample(id: "a\\u0000b") { id } }');
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0]?.message).toMatch(/^argument 'id' of sample contains a NUL byte/);
});

test('a body that is not UTF-8 is refused as BAD_USER_INPUT, not decoded with replacement characters', async () => {
  const body = Buffer.concat([Buffer.from('{"query":"{ sample(id: \\"'), Buffer.from([0xff, 0xfe]), Buffer.from('\\") { id } }"}')]);
  const res = await fetch(`${t.api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ errors: [{ message: 'the request body is not valid UTF-8', extensions: { code: 'BAD_USER_INPUT' } }] });
});

test('valid non-ASCII text still passes', async () => {
  const res = await t.gql('query($id: ID!) { sample(id: $id) { id } }', { id: 'Ünïcødé 眼底 🙂' });
  expect(res.errors).toBeUndefined();
  expect(res.data).toEqual({ sample: null });
});
