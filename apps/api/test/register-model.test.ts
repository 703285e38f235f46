/**
 * registerModel against broken models: each refused with BAD_USER_INPUT and a message that names
 * the problem, and nothing registered. The models are written into a temp data root by the test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/config/repo-root';
import { TINY_CONFIG, tinyClassifier } from './support/tiny-onnx';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';

const REGISTER = 'mutation($path: String!) { registerModel(path: $path) { id name inputs classNames task } }';
const dataRoot = mkdtempSync(join(tmpdir(), 'gradcam-models-'));
let t: TestApi;

function writeModel(name: string, onnx: Uint8Array, config?: object): string {
  mkdirSync(join(dataRoot, name));
  writeFileSync(join(dataRoot, name, 'model.onnx'), onnx);
  if (config) writeFileSync(join(dataRoot, name, 'gradcam.json'), JSON.stringify(config));
  return name;
}

beforeAll(async () => {
  const demo = readFileSync(join(repoRoot(), 'models/demo/model.onnx'));
  writeModel('truncated', demo.subarray(0, Math.floor(demo.length / 3)), JSON.parse(readFileSync(join(repoRoot(), 'models/demo/gradcam.json'), 'utf8')));
  writeModel('unsupported-op', tinyClassifier({ middleOp: 'Sin' }), TINY_CONFIG);
  writeModel('no-image-input', tinyClassifier({ inputShape: ['N', 64] }));
  writeModel('config-mismatch', tinyClassifier(), { ...TINY_CONFIG, inputs: [{ ...TINY_CONFIG.inputs[0], name: 'image' }], targetLayers: { image: 'feat' } });
  writeModel('config-wrong-size', tinyClassifier(), { ...TINY_CONFIG, inputs: [{ ...TINY_CONFIG.inputs[0], height: 16, width: 16 }] });
  writeModel('regression-head', tinyClassifier(), { ...TINY_CONFIG, task: 'regression', classes: ['severity', 'area'] });
  writeModel('tiny', tinyClassifier(), TINY_CONFIG);
  t = await startTestApi({ dataRoot, defaultModel: join(dataRoot, 'none') });
});
afterAll(async () => {
  await t.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

async function registered(): Promise<{ models: number; runs: number }> {
  const [models, runs] = await Promise.all([t.api.services.prisma.model.count(), t.api.services.prisma.run.count()]);
  return { models, runs };
}

test.each([
  ['a truncated ONNX file', 'truncated', /not a valid ONNX model: .*past the end/],
  ['a model with an op the engine cannot differentiate', 'unsupported-op', /cannot differentiate Sin node 'sin_mid': no gradient rule/],
  ['a model with no image input', 'no-image-input', /input 'x' is not an image tensor \[N,C,H,W\]/],
  ['a gradcam.json naming an input the graph lacks', 'config-mismatch', /gradcam.json input "image" is not an input of the graph/],
  ['a gradcam.json whose sizes differ from the graph', 'config-wrong-size', /says \[1,16,16\] but the graph declares \[1,8,8\]/],
])('%s is refused and nothing is registered', async (_name, path, message) => {
  const before = await registered();
  const res = await t.gql(REGISTER, { path });
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0]!.message).toMatch(message);
  expect(await registered()).toEqual(before);
});

test('the same tiny model with a supported op registers', async () => {
  const { registerModel } = ok(await t.gql(REGISTER, { path: 'tiny' }));
  expect(registerModel).toMatchObject({ name: 'tiny', inputs: ['x'], classNames: ['a', 'b'], task: 'MULTICLASS' });
});

test('a regression head registers as one, with its outputs as classNames', async () => {
  const { registerModel } = ok(await t.gql(REGISTER, { path: 'regression-head' }));
  expect(registerModel).toMatchObject({ name: 'regression-head', classNames: ['severity', 'area'], task: 'REGRESSION' });
});
