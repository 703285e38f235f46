/**
 * The API's limits towards clients: query depth and cost, page sizes, introspection, CORS, the API
 * key, and /artifacts (files only, nothing listed, nothing outside its folder).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { MAX_QUERY_COST, MAX_QUERY_DEPTH, measureOperation } from '../src/app/query-limits';
import { readConfig } from '../src/config/env';
import { buildApiSchema } from '../src/schema/build-schema';
import { repoRoot } from '../src/config/repo-root';
import { MAX_PAGE } from '../src/modules/pagination/cursor';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';

const DASHBOARD_ORIGIN = 'https://dashboard.example';
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ apiKey: 'sesame', introspection: false, corsOrigins: [DASHBOARD_ORIGIN] });
});
afterAll(() => t.stop());

describe('query limits', () => {
  test("the dashboard's operations pass them, at the largest page size", async () => {
    // The schema as built, not its SDL: resolvers' declared costs live in field extensions.
    const schema = await buildApiSchema();
    const dir = join(repoRoot(), 'apps/web/graphql/operations');
    const document = parse(readdirSync(dir).filter((f) => f.endsWith('.graphql')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n'));
    const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThan(5);
    const over = operations
      .map((operation) => ({ name: operation.name?.value, ...measureOperation(schema, operation, fragments, { first: MAX_PAGE }) }))
      .filter((m) => m.depth > MAX_QUERY_DEPTH || m.cost > MAX_QUERY_COST);
    expect(over).toEqual([]);
  });

  test('a query nested too deep is refused with QUERY_TOO_DEEP', async () => {
    const res = await t.gql('{ runs(first: 1) { edges { node { samples(first: 1) { edges { node { heatmaps { peak { x } } } } } } } } }');
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('QUERY_TOO_DEEP');
    expect(res.errors![0]!.message).toMatch(`limit of ${MAX_QUERY_DEPTH}`);
    expect(res.data).toBeUndefined();
  });

  test('a query asking for too many rows is refused with QUERY_TOO_COMPLEX', async () => {
    const res = await t.gql('query($n: Int) { runs(first: $n) { nodes { samples(first: $n) { nodes { id } } } } }', { n: 500 });
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0]!.message).toMatch(`limit of ${MAX_QUERY_COST}`);
    ok(await t.gql('query($n: Int) { runs(first: $n) { nodes { samples(first: 20) { nodes { id } } } } }', { n: 20 }));
  });

  test('100 aliased compareRuns are refused at once, by their declared cost; one still runs', async () => {
    const run = await t.api.services.prisma.run.findFirstOrThrow();
    const other = await t.api.services.prisma.run.create({ data: { modelId: run.modelId, kind: 'BATCH', name: 'aliased', status: 'COMPLETED' } });
    const compare = (alias: string): string => `${alias}: compareRuns(baseRunId: "${run.id}", otherRunId: "${other.id}") { matched }`;
    const aliased = `{ ${Array.from({ length: 100 }, (_, k) => compare(`c${k}`)).join(' ')} }`;
    // Three tries, the median timed: the first request through a query shape also warms its code paths.
    const times: number[] = [];
    const tries = [];
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      tries.push(await t.gql(aliased));
      times.push(performance.now() - started);
    }
    const res = tries[0]!;
    const ms = times.sort((a, b) => a - b)[1]!;
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0]!.message).toMatch(/the query costs 2001\d\d/);
    expect(ms).toBeLessThan(100);
    ok(await t.gql(`{ ${compare('one')} }`));
  });

  test('every connection refuses a page above the largest with BAD_USER_INPUT naming it', async () => {
    const run = await t.api.services.prisma.run.findFirstOrThrow();
    const other = await t.api.services.prisma.run.create({ data: { modelId: run.modelId, kind: 'BATCH', name: 'other', status: 'COMPLETED' } });
    for (const query of [
      `{ runs(first: ${MAX_PAGE + 1}) { totalCount } }`,
      `{ run(id: "${run.id}") { samples(first: ${MAX_PAGE + 1}) { totalCount } } }`,
      `{ compareRuns(baseRunId: "${run.id}", otherRunId: "${other.id}") { pairs(first: ${MAX_PAGE + 1}) { totalCount } } }`,
    ]) {
      const res = await t.gql(query);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(`0..${MAX_PAGE}`);
    }
  });
});

describe('introspection', () => {
  test('is off with GRADCAM_INTROSPECTION=0, on by default outside production', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }');
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    expect(res.data?.__schema).toBeUndefined();
    expect(readConfig({}).introspection).toBe(true);
    expect(readConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(readConfig({ GRADCAM_INTROSPECTION: '0' }).introspection).toBe(false);
    expect(readConfig({ NODE_ENV: 'production', GRADCAM_INTROSPECTION: '1' }).introspection).toBe(true);
    expect(() => readConfig({ GRADCAM_INTROSPECTION: 'maybe' })).toThrow(/GRADCAM_INTROSPECTION/);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${t.api.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

  test('a listed origin may call the API from a browser', async () => {
    const res = await preflight(DASHBOARD_ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    const post = await fetch(`${t.api.url}/graphql`, { method: 'POST', headers: { origin: DASHBOARD_ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ models { id } }' }) });
    expect(post.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
  });

  test('any other origin gets no CORS header; none are allowed by default', async () => {
    const res = await preflight('https://elsewhere.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(readConfig({}).corsOrigins).toEqual([]);
    expect(readConfig({ GRADCAM_CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
});

describe('GRADCAM_API_KEY', () => {
  test('mutations need it (UNAUTHENTICATED without), queries do not', async () => {
    const res = await t.gql('mutation { registerModel(path: "demo") { id } }');
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.errors![0]!.message).toMatch(/Authorization: Bearer/);
    ok(await t.gql('mutation { registerModel(path: "demo") { id } }', {}, { authorization: 'Bearer sesame' }));
    ok(await t.gql('{ models { id } }'));
  });
});

describe('/artifacts', () => {
  beforeAll(() => {
    mkdirSync(join(t.config.artifactDir, 'run-1', 'sample-1'), { recursive: true });
    writeFileSync(join(t.config.artifactDir, 'run-1', 'sample-1', 'mnv-heatmap.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    writeFileSync(join(t.config.artifactDir, 'run-1', 'sample-1', 'heatmaps.bin'), 'source');
  });

  test('serves PNGs only: a heat-map source, or a PNG with no source, is 404', async () => {
    for (const path of ['/artifacts/run-1/sample-1/heatmaps.bin', '/artifacts/run-1/sample-1/mnv.png', '/artifacts/runs/00000000-0000-4000-8000-000000000000/00000000-0000-4000-8000-000000000000/mnv.png']) {
      expect({ path, status: (await fetch(`${t.api.url}${path}`)).status }).toEqual({ path, status: 404 });
    }
  });

  test('serves a file with its content type', async () => {
    const res = await fetch(`${t.api.url}/artifacts/run-1/sample-1/mnv-heatmap.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('lists nothing: the root and folders are 404', async () => {
    for (const path of ['/artifacts', '/artifacts/', '/artifacts/run-1', '/artifacts/run-1/', '/artifacts/run-1/sample-1/']) {
      const res = await fetch(`${t.api.url}${path}`, { redirect: 'manual' });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  test('serves nothing outside its folder, however the path is encoded', async () => {
    for (const path of ['/artifacts/../package.json', '/artifacts/%2e%2e/%2e%2e/package.json', '/artifacts/..%2f..%2fpackage.json', '/artifacts/run-1/..%5c..%5cpackage.json', '/artifacts/%00', '/artifacts/.hidden']) {
      const res = await fetch(`${t.api.url}${path}`, { redirect: 'manual' });
      expect([400, 403, 404]).toContain(res.status);
    }
  });
});

describe('slow clients', () => {
  let slow: TestApi;
  beforeAll(async () => {
    slow = await startTestApi({ requestTimeoutSeconds: 1 });
  });
  afterAll(() => slow.stop());

  test('a client trickling its body is answered 408 and cut off after the request timeout', async () => {
    const started = performance.now();
    const socket = connect(slow.api.port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    await closed;
    clearInterval(trickle);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - started).toBeLessThan(5000);
    // The API still serves everyone else.
    ok(await slow.gql('{ models { id } }'));
  });
});
