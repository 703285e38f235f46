/**
 * analyzeSample against hostile or broken input: each answered with its own error code and a
 * message that says what was wrong, with no row stored and no file written. The data root is a
 * temp copy of the demo model, so that the test may place symlinks in it.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BODY_LIMIT } from '../src/app/http-app';
import { repoRoot } from '../src/config/repo-root';
import { MAX_IMAGE_BYTES } from '../src/modules/sample/sample-images';
import { npyOf, pngHeaderOfSize } from './support/crafted-files';
import { demoImagePaths, demoImagesBase64, DEMO_SAMPLES_DIR } from './support/demo-samples';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';

const ANALYZE = 'mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { id } }';
const dataRoot = mkdtempSync(join(tmpdir(), 'gradcam-data-root-'));
let t: TestApi;
let modelId: string;

beforeAll(async () => {
  cpSync(join(repoRoot(), 'models/demo'), join(dataRoot, 'demo'), { recursive: true });
  symlinkSync(join(DEMO_SAMPLES_DIR, 'images', 's0001_mnv.png'), join(dataRoot, 'link-out.png'));
  t = await startTestApi({ dataRoot, defaultModel: join(dataRoot, 'demo') });
  modelId = ok(await t.gql('{ models { id } }')).models[0].id;
});
afterAll(async () => {
  await t.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

function artifactFiles(): string[] {
  const root = t.config.artifactDir;
  return existsSync(root) ? readdirSync(root, { recursive: true }).map(String).sort() : [];
}

async function rowCounts(): Promise<Record<string, number>> {
  const p = t.api.services.prisma;
  const [samples, heatmaps, runs] = await Promise.all([p.sample.count(), p.heatmap.count(), p.run.count()]);
  return { samples, heatmaps, runs };
}

const b64 = (bytes: Buffer): string => bytes.toString('base64');
/** The demo sample s0001 with the image for 'mnv' replaced. */
const withMnv = (image: { base64?: string; path?: string }) => [{ input: 'mnv', ...image }, ...demoImagesBase64('s0001').slice(1)];
const demoPng = () => readFileSync(join(DEMO_SAMPLES_DIR, 'images', 's0001_mnv.png'));

const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
  ['a corrupt PNG', () => ({ images: withMnv({ base64: b64(Buffer.concat([demoPng().subarray(0, 16), Buffer.alloc(200, 7)])) }) }), 'BAD_USER_INPUT', /base64 image for 'mnv'/],
  ['a truncated PNG', () => ({ images: withMnv({ base64: b64(demoPng().subarray(0, Math.floor(demoPng().length / 2))) }) }), 'BAD_USER_INPUT', /base64 image for 'mnv'.*(decoded|readable)/],
  ['a .npy with the wrong channel count', () => ({ images: withMnv({ base64: b64(npyOf([3, 224, 224])) }) }), 'BAD_USER_INPUT', /shape \[3,224,224\] does not fit input 'mnv' \[1,224,224\]/],
  ['a .npy holding NaN', () => ({ images: withMnv({ base64: b64(npyOf([1, 224, 224], { nanAt: 1000 })) }) }), 'BAD_USER_INPUT', /NaN or infinite values \(element 1000\)/],
  ['a missing input', () => ({ images: demoImagesBase64('s0001').slice(1) }), 'BAD_USER_INPUT', /no image for input\(s\) mnv/],
  ['an unknown input name', () => ({ images: [...demoImagesBase64('s0001'), { input: 'oct', base64: b64(demoPng()) }] }), 'BAD_USER_INPUT', /'oct' is not an input of the model/],
  ['a duplicated input', () => ({ images: [...demoImagesBase64('s0001'), { input: 'ga', base64: b64(demoPng()) }] }), 'BAD_USER_INPUT', /two images for input 'ga'/],
  ['an image with both base64 and path', () => ({ images: withMnv({ base64: b64(demoPng()), path: 'demo/samples/images/s0001_mnv.png' }) }), 'BAD_USER_INPUT', /exactly one of base64 or path/],
  ['a target class the model lacks', () => ({ targetClass: 4, images: demoImagePaths('s0001') }), 'BAD_USER_INPUT', /target class 4/],
  ['a true class the model lacks', () => ({ trueClass: 7, images: demoImagePaths('s0001') }), 'BAD_USER_INPUT', /trueClass 7 is not a class index 0\.\.3/],
  ['an unknown method', () => ({ method: 'nocam', images: demoImagePaths('s0001') }), 'BAD_USER_INPUT', /method/],
  ['a 30000×30000 PNG header (decompression bomb)', () => ({ images: withMnv({ base64: b64(pngHeaderOfSize(30000, 30000)) }) }), 'BAD_USER_INPUT', /30000×30000 pixels is over the limit|pixel limit/],
  ['an image over the size limit', () => ({ images: withMnv({ base64: Buffer.alloc(MAX_IMAGE_BYTES + 1).toString('base64') }) }), 'BAD_USER_INPUT', new RegExp(`over the limit of ${MAX_IMAGE_BYTES}`)],
  ['invalid base64', () => ({ images: withMnv({ base64: '***' }) }), 'BAD_USER_INPUT', /base64 is not valid/],
  ['a path with ../ out of the data root', () => ({ images: withMnv({ path: '../../etc/passwd' }) }), 'BAD_USER_INPUT', /outside the data root/],
  ['an absolute path out of the data root', () => ({ images: withMnv({ path: '/etc/passwd' }) }), 'BAD_USER_INPUT', /outside the data root/],
  ['a symlink in the data root pointing out of it', () => ({ images: withMnv({ path: 'link-out.png' }) }), 'BAD_USER_INPUT', /'link-out.png' is outside the data root/],
  ['a path that does not exist', () => ({ images: withMnv({ path: 'demo/samples/images/nope.png' }) }), 'BAD_USER_INPUT', /does not exist/],
];

test.each(cases)('%s: refused, nothing stored, no file written', async (_name, input, code, message) => {
  const before = await rowCounts();
  const files = artifactFiles();
  const res = await t.gql(ANALYZE, { input: { modelId, externalId: 'hostile', ...input() } });
  expect(errorCode(res)).toBe(code);
  expect(res.errors![0]!.message).toMatch(message);
  expect(res.data).toBeFalsy();
  expect(await rowCounts()).toEqual(before);
  expect(artifactFiles()).toEqual(files);
});

test('a request body over the HTTP limit is refused with PAYLOAD_TOO_LARGE, and not parsed', async () => {
  const overLimit = Buffer.alloc(161 * 1024 * 1024, 0x20); // BODY_LIMIT is 160mb; JSON whitespace
  const res = await fetch(`${t.api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: overLimit });
  expect(res.status).toBe(413);
  const { errors } = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
  expect(errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  expect(errors[0]!.message).toMatch(`limit of ${BODY_LIMIT}`);
  expect(await rowCounts()).toMatchObject({ samples: 0 });
}, 20_000);
