import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as run } from '../support/cli';
import type { FaithfulnessReport } from '../../src/faithfulness/evaluate';
import { CamEngine } from '../../src/runtime/engine';
import { fixtureSamples, INPUTS, MODEL, tempDir, writeNpyDataset } from '../support/dataset';

beforeAll(() => {
  process.env.GRADCAM_CACHE_DIR = tempDir('gradcam-cli-cache-');
});

describe('gradcam evaluate', () => {
  test('scores every input of every sample against a random map and prints a table per input', async () => {
    const dir = tempDir('gradcam-cli-eval-');
    writeNpyDataset(join(dir, 'data'));
    const json = join(dir, 'faithfulness.json');
    const { code, lines, stderr } = await run(['evaluate', '--model', MODEL, '--dataset', join(dir, 'data'), '--num-samples', '3', '--steps', '4', '--road', '0.5', '--device', 'cpu', '--json', json]);
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^3 samples from .*, gradcam of the predicted class on cpu; deletion\/insertion in 4 steps, ROAD at 0.5$/);
    for (const input of INPUTS) expect(lines).toContain(`${input}:`);
    expect(lines.filter((l) => l.includes('deletion AUC'))).toHaveLength(INPUTS.length);
    expect(stderr).toContain('progress: 3/3 (100%)');

    const report = JSON.parse(readFileSync(json, 'utf8')) as FaithfulnessReport & { roadFractions: number[] };
    expect(report.roadFractions).toEqual([0.5]);
    expect(report.samples.map((s) => s.id)).toEqual(fixtureSamples().slice(0, 3).map((s) => s.id));
    // The unperturbed probability is the model's own confidence in the explained class.
    const engine = await CamEngine.create(MODEL, { device: 'cpu' });
    const first = fixtureSamples()[0]!;
    const out = await engine.run(Object.fromEntries(INPUTS.map((i) => [i, { data: first.inputs[i]!, dims: [1, 1, 100, 100] }])));
    await engine.dispose();
    expect(report.samples[0]!.target).toBe(out.predictedClass[0]);
    expect(report.samples[0]!.inputs.mnv!.cam.probability).toBeCloseTo(out.confidence[0]!, 5);
    for (const s of report.samples) {
      for (const { cam, random } of Object.values(s.inputs)) {
        for (const v of [cam.deletionAuc, cam.insertionAuc, cam.roadMorf, random.deletionAuc, random.insertionAuc]) expect(v).toBeGreaterThanOrEqual(0);
        for (const v of [cam.deletionAuc, cam.insertionAuc, cam.roadMorf, random.deletionAuc, random.insertionAuc]) expect(v).toBeLessThanOrEqual(1);
      }
    }
    for (const f of Object.values(report.inputs)) expect(f.deletionAuc.winRate).toBeGreaterThanOrEqual(0);
  });

  test('bad requests are one clear error', async () => {
    const dir = tempDir('gradcam-cli-eval-');
    writeNpyDataset(join(dir, 'data'));
    const unknown = await run(['evaluate', '--model', MODEL, '--dataset', join(dir, 'data'), '--inputs', 'mnv,oct', '--num-samples', '1', '--device', 'cpu']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('gradcam: unknown input(s) oct; the model takes mnv, fluid, ga, drusen\n');
    const road = await run(['evaluate', '--model', MODEL, '--dataset', join(dir, 'data'), '--road', '0.5,1.5']);
    expect(road.code).toBe(2);
    expect(road.stderr).toMatch(/fractions between 0 and 1/);
  });
});
