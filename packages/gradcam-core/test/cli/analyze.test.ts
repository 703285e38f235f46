import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from '../support/cli';
import { readNpy } from '../../src/image/npy';
import { CompileCache } from '../../src/compile/cache';
import { CamEngine } from '../../src/runtime/engine';
import { caseInputs, FIXTURES, maxAbsDiff, readReference } from '../support/fixtures';

const NAME = 'effnet4';
const ref = readReference(NAME);
const c = ref.cases.find((x) => x.name === 'b1_pred')!;
const model = join(FIXTURES, NAME);
const inputArgs = ref.inputs.flatMap((i) => ['--input', `${i.name}=${join(FIXTURES, NAME, c.dir, `input_${i.name}.npy`)}`]);

beforeAll(() => {
  process.env.GRADCAM_CACHE_DIR = mkdtempSync(join(tmpdir(), 'gradcam-cli-cache-'));
});

describe('gradcam analyze', () => {
  test('writes the JSON summary and the raw maps, equal to the engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-cli-'));
    const json = join(dir, 'out.json');
    const { code, lines } = await run(['analyze', '--model', model, ...inputArgs, '--device', 'cpu', '--json', json, '--raw-dir', join(dir, 'raw')]);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^predicted: 2 \(class 2\), confidence 0\.\d+; explained class 2 \(class 2\) on cpu$/);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc).toMatchObject({ predictedClass: c.predicted[0], targetClass: c.targets[0], device: 'cpu', layers: { mnv: 'target_mnv' } });
    expect(doc.probabilities).toHaveLength(4);
    expect(Object.keys(doc.branchContributions)).toEqual(['mnv', 'fluid', 'ga', 'drusen']);
    expect(doc.heatmaps.mnv).toEqual({ width: 100, height: 100, rawMin: expect.any(Number), rawMax: expect.any(Number) });
    const engine = await CamEngine.create(model, { device: 'cpu', cache: new CompileCache(null) });
    const direct = await engine.run(caseInputs(NAME, ref, c));
    await engine.dispose();
    for (const i of ref.inputs) {
      const raw = readNpy(join(dir, 'raw', `${i.name}.npy`));
      expect(raw.shape).toEqual([100, 100]);
      expect(maxAbsDiff(raw.data as Float32Array, direct.heatmaps[i.name]![0]!)).toBe(0);
    }
  });

  test('--target-class explains that class', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-cli-'));
    const { code } = await run(['analyze', '--model', model, ...inputArgs, '--device', 'cpu', '--target-class', '0', '--json', join(dir, 'o.json')]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8')).targetClass).toBe(0);
  });

  test.each([
    ['an unknown layer lists the nearest candidates', ['--layer', 'mnv=target_mnvv'], /nearest candidates for 'mnv': target_mnv/],
    ['a class out of range', ['--target-class', '9'], /target class 9 is not a class index 0\.\.3/],
    ['an unknown input name', ['--input', 'extra=nope.npy'], /unknown input\(s\) extra/],
    ['an explicit device that cannot load', ['--device', 'cuda'], /device 'cuda' could not be used/],
  ])('%s: one line on stderr, exit code 1', async (_l, extra, message) => {
    const { code, stderr } = await run(['analyze', '--model', model, ...inputArgs, ...extra]);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a missing input is named', async () => {
    const { code, stderr } = await run(['analyze', '--model', model, ...inputArgs.slice(0, 2), '--device', 'cpu']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/missing --input fluid=<file>/);
  });

  test('usage errors exit with 2', async () => {
    expect((await run(['analyze', '--model', model, '--device', 'tpu', ...inputArgs])).code).toBe(2);
    expect((await run(['analyze', '--model', model, '--input', 'mnv'])).code).toBe(2);
  });
});

describe('gradcam layers', () => {
  test('lists candidates per input and marks the one in use', async () => {
    const { code, lines } = await run(['layers', '--model', model]);
    expect(code).toBe(0);
    for (const i of ref.inputs) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${i.name}: \\d+ candidate layers`)));
      expect(lines).toContainEqual(`  * target_${i.name}  [1,160,4,4]  Mul  [N,C,h,w] map 4×4`);
    }
  });
});
