/**
 * analyzeSample over HTTP on the demo model: one sample and its four heat maps persisted, PNGs
 * written, decodable and served; every failure leaves no row and no file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { demoImagePaths, demoImagesBase64, DEMO_INPUTS } from './support/demo-samples';
import { expectCloseDeep } from './support/close-to';
import { SAMPLE_FIELDS } from './support/sample-fields';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';

const ANALYZE = `mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { ${SAMPLE_FIELDS} } }`;

let t: TestApi;
let modelId: string;

/** Every file under the artifact folder. */
function artifactFiles(): string[] {
  const root = t.config.artifactDir;
  return existsSync(root) ? (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];
}

async function counts(): Promise<{ samples: number; heatmaps: number }> {
  const [samples, heatmaps] = await Promise.all([t.api.services.prisma.sample.count(), t.api.services.prisma.heatmap.count()]);
  return { samples, heatmaps };
}

beforeAll(async () => {
  t = await startTestApi();
  const { models } = ok(await t.gql('{ models { id name inputs classNames } }'));
  modelId = models[0].id;
});
afterAll(() => t.stop());

test('the demo model is registered at start-up', async () => {
  const { models } = ok(await t.gql('{ models { name version path inputs classNames targetLayers { input layer } } }'));
  expect(models).toHaveLength(1);
  expect(models[0]).toMatchObject({ name: 'demo', version: 1, path: 'demo', inputs: [...DEMO_INPUTS] });
  expect(models[0].classNames).toHaveLength(4);
});

test('registerModel finds an unchanged model instead of adding it again', async () => {
  const { registerModel } = ok(await t.gql('mutation { registerModel(path: "demo") { id version } }'));
  expect(registerModel).toEqual({ id: modelId, version: 1 });
  const res = await t.gql('mutation { registerModel(path: "../package.json") { id } }');
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]!.message).toMatch(/outside the data root/);
});

test('analyzeSample (base64 images) persists one sample with four heat maps whose files exist and decode', async () => {
  const before = await counts();
  const { analyzeSample: s } = ok(await t.gql(ANALYZE, { input: { modelId, externalId: 's0001', trueClass: 1, images: demoImagesBase64('s0001') } }));
  expect(s).toMatchObject({ externalId: 's0001', trueClass: 1, method: 'gradcam', device: 'cpu' });
  expect(s.probabilities).toHaveLength(4);
  expect(s.confidence).toBeCloseTo(Math.max(...s.probabilities), 6);
  expect(s.predictedClass).toBe(s.probabilities.indexOf(Math.max(...s.probabilities)));
  expect(s.correct).toBe(s.predictedClass === 1);
  expect(s.branchContributions.map((c: { input: string }) => c.input)).toEqual([...DEMO_INPUTS]);
  expect(s.heatmaps.map((h: { input: string }) => h.input)).toEqual([...DEMO_INPUTS]);
  expect(await counts()).toEqual({ samples: before.samples + 1, heatmaps: before.heatmaps + 4 });

  for (const h of s.heatmaps) {
    expect(h.rawMax).toBeGreaterThanOrEqual(h.rawMin);
    const urls = [h.url, h.overlayUrl, h.imageUrl];
    // Stored: the heat-map source; the PNGs are drawn on the first request and kept.
    expect(urls.map((url) => existsSync(t.api.services.artifacts.pathOf(url)))).toEqual([false, false, false]);
    for (const url of urls) {
      const res = await fetch(`${t.api.url}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('cache-control')).toMatch(/immutable/);
      const png = Buffer.from(await res.arrayBuffer());
      expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 224, height: 224 });
      expect(readFileSync(t.api.services.artifacts.pathOf(url))).toEqual(png);
    }
  }
  const { sample } = ok(await t.gql(`query($id: ID!) { sample(id: $id) { ${SAMPLE_FIELDS} } }`, { id: s.id }));
  // The stored float arrays may differ from the response in the 17th digit (Prisma writes list
  // elements with 16 significant digits); scalars are exact.
  expectCloseDeep(sample, s, '$', 1e-14);
});

test('analyzeSample reads server-side paths under the data root, and explains the class asked for', async () => {
  const { analyzeSample: s } = ok(await t.gql(ANALYZE, { input: { modelId, externalId: 's0002', targetClass: 3, method: 'gradcam++', images: demoImagePaths('s0002') } }));
  expect(s).toMatchObject({ targetClass: 3, method: 'gradcam++', trueClass: null, correct: null });
});

describe('a failing analyzeSample leaves no rows and no files', () => {
  const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
    ['an undecodable image', () => ({ modelId, externalId: 'bad-image', images: [...demoImagesBase64('s0003').slice(1), { input: 'mnv', base64: Buffer.from('not an image').toString('base64') }] }), 'BAD_USER_INPUT', /base64 image for 'mnv'/],
    ['a path outside the data root', () => ({ modelId, externalId: 'escape', images: [...demoImagePaths('s0003').slice(1), { input: 'mnv', path: '../../etc/passwd' }] }), 'BAD_USER_INPUT', /outside the data root/],
    ['a missing input', () => ({ modelId, externalId: 'missing', images: demoImagePaths('s0003').slice(1) }), 'BAD_USER_INPUT', /no image for input\(s\) mnv/],
    ['an unknown class to explain', () => ({ modelId, externalId: 'class-9', targetClass: 9, images: demoImagePaths('s0003') }), 'BAD_USER_INPUT', /target class 9/],
    ['an unknown method', () => ({ modelId, externalId: 'method', method: 'nocam', images: demoImagePaths('s0003') }), 'BAD_USER_INPUT', /method/],
    ['both modelId and runId', () => ({ modelId, runId: randomUUID(), externalId: 'both', images: demoImagePaths('s0003') }), 'BAD_USER_INPUT', /exactly one of modelId or runId/],
    ['an unknown model', () => ({ modelId: randomUUID(), externalId: 'nomodel', images: demoImagePaths('s0003') }), 'NOT_FOUND', /model .* not found/],
    ['an empty externalId', () => ({ modelId, externalId: '', images: demoImagePaths('s0003') }), 'BAD_USER_INPUT', /externalId/],
    ['an externalId already in the run', () => ({ modelId, externalId: 's0001', images: demoImagePaths('s0003') }), 'CONFLICT', /already exists/],
  ];
  test.each(cases)('%s', async (_name, input, code, message) => {
    const before = await counts();
    const files = artifactFiles();
    const res = await t.gql(ANALYZE, { input: input() });
    expect(errorCode(res)).toBe(code);
    expect(res.errors![0]!.message).toMatch(message);
    expect(await counts()).toEqual(before);
    expect(artifactFiles()).toEqual(files);
  });

  test('a database failure after the PNGs were written removes them', async () => {
    const run = await t.api.services.prisma.run.findFirstOrThrow({ where: { modelId, kind: 'ADHOC' } });
    const existing = await t.api.services.prisma.sample.findFirstOrThrow({ where: { runId: run.id } });
    const before = await counts();
    const files = artifactFiles();
    const map = new Float32Array(224 * 224).fill(0.5);
    const display = { width: 224, height: 224, channels: 1 as const, data: new Uint8Array(224 * 224) };
    const id = randomUUID();
    const cam = {
      task: 'multiclass' as const, scores: [1, 0, 0, 0],
      predictedClass: 0, confidence: 1, probabilities: [1, 0, 0, 0], targetClass: 0, device: 'cpu', layers: {},
      heatmaps: Object.fromEntries(DEMO_INPUTS.map((i) => [i, map])), rawMin: Object.fromEntries(DEMO_INPUTS.map((i) => [i, 0])), rawMax: Object.fromEntries(DEMO_INPUTS.map((i) => [i, 1])),
    };
    // The same externalId again: the insert fails after the files were written.
    const save = t.api.services.writer.save(run.id, [...DEMO_INPUTS], [{ id, externalId: existing.externalId, truth: { trueClass: null, trueLabels: null, trueValue: null }, method: 'gradcam', cam, engineMs: 1, display: Object.fromEntries(DEMO_INPUTS.map((i) => [i, display])) }]);
    await expect(save).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(await counts()).toEqual(before);
    expect(artifactFiles()).toEqual(files);
  });
});

test('a heat map asked for by several clients at once: all get the same PNG, no temp file is left', async () => {
  const { analyzeSample: s } = ok(await t.gql(ANALYZE, { input: { modelId, externalId: 'concurrent-views', images: demoImagePaths('s0002') } }));
  const url = `${t.api.url}${s.heatmaps[2].overlayUrl}`;
  const bodies = await Promise.all(Array.from({ length: 6 }, async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }));
  for (const body of bodies) expect(body).toEqual(bodies[0]);
  const folder = dirname(t.api.services.artifacts.pathOf(s.heatmaps[2].overlayUrl));
  expect(readdirSync(folder).filter((f) => f.startsWith('.'))).toEqual([]); // no temp file left
});

test('/artifacts serves nothing outside its folder', async () => {
  for (const path of ['/artifacts/../package.json', '/artifacts/%2e%2e/%2e%2e/package.json', '/artifacts/..%2f..%2fpackage.json', '/artifacts/']) {
    const res = await fetch(`${t.api.url}${path}`);
    expect([400, 403, 404]).toContain(res.status);
  }
});
