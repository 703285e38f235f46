import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { runBatches } from '../../src/api/batch';
import { analyzePrediction, MultiInputGradCAM } from '../../src/api/multi-input-gradcam';
import type { BatchProgress, BatchSampleOk } from '../../src/api/results';
import { GradCAMVisualizer } from '../../src/api/visualizer';
import { CompileCache } from '../../src/compile/cache';
import { readManifest } from '../../src/dataset/manifest';
import { colormapColor } from '../../src/figures/colormap';
import { loadModel } from '../../src/model/load';
import { type CamEngine, InputError, type InputTensor } from '../../src/runtime/engine';
import { fixtureSamples, INPUTS, MODEL, tempDir, writeManifest, writeNpyDataset, writeNpySample, writePng } from '../support/dataset';
import { maxAbsDiff } from '../support/fixtures';

const cache = new CompileCache(null);
const options = { device: 'cpu' as const, cache };
const samples = fixtureSamples();
const tensors = (i: number): Record<string, InputTensor> => Object.fromEntries(INPUTS.map((n) => [n, { data: samples[i]!.inputs[n]!, dims: [1, 1, 100, 100] }]));

let vis: GradCAMVisualizer;
beforeAll(() => {
  vis = new GradCAMVisualizer(MODEL, options);
});
afterAll(() => vis.dispose());

describe('GradCAMVisualizer.analyzeSample', () => {
  test('returns the guide\'s result shape and writes the guide\'s file layout', async () => {
    const dir = tempDir('gradcam-vis-');
    const r = await vis.analyzeSample(tensors(0), { saveDir: dir, sampleId: 'patient_001', trueClass: 1 });
    expect(r).toMatchObject({ sampleId: 'patient_001', trueClass: 1, predictedClass: samples[0]!.predicted, targetClass: samples[0]!.predicted });
    expect(r.probabilities).toHaveLength(4);
    expect(r.confidence).toBe(Math.max(...r.probabilities));
    expect(Object.keys(r.heatmaps)).toEqual([...INPUTS]);
    expect(readdirSync(dir).sort()).toEqual(['patient_001_gradcam_visualization.png', 'patient_001_heatmaps']);
    expect(readdirSync(join(dir, 'patient_001_heatmaps')).sort()).toEqual(INPUTS.map((n) => `patient_001_${n}.png`).sort());
    expect(r.files!.figure).toBe(join(dir, 'patient_001_gradcam_visualization.png'));
    const meta = await sharp(r.files!.heatmaps.ga!).metadata();
    expect([meta.width, meta.height]).toEqual([100, 100]);
    // Same maps as the plain API.
    const direct = new MultiInputGradCAM(MODEL, {}, options);
    const plain = await direct.generateCam(tensors(0));
    await direct.dispose();
    for (const n of INPUTS) expect(maxAbsDiff(r.heatmaps[n]!, plain.heatmaps[n]!)).toBe(0);
  });

  test('without saveDir nothing is written; a bad sample id or true class is refused first', async () => {
    const r = await vis.analyzeSample(tensors(1), { targetClass: 3 });
    expect(r.files).toBeUndefined();
    expect(r.targetClass).toBe(3);
    expect(r.sampleId).toBe('sample');
    await expect(vis.analyzeSample(tensors(1), { sampleId: '../up' })).rejects.toThrow(/cannot be used in a file name/);
    await expect(vis.analyzeSample(tensors(1), { trueClass: 4 })).rejects.toThrow(/true class 4 is not a class index 0\.\.3/);
  });

  test('masks: the share of each map inside its mask', async () => {
    const full = new Uint8Array(100 * 100).fill(1);
    const half = Uint8Array.from({ length: 100 * 100 }, (_, p) => (p < 5000 ? 1 : 0));
    const r = await vis.analyzeSample(tensors(0), { masks: { mnv: full, ga: half } });
    expect(r.maskEnergy!.mnv).toBeCloseTo(1, 6);
    const ga = r.heatmaps.ga!;
    const top = ga.subarray(0, 5000).reduce((a, v) => a + v, 0) / ga.reduce((a, v) => a + v, 0);
    expect(r.maskEnergy!.ga).toBeCloseTo(top, 5);
    expect(Object.keys(r.maskEnergy!)).toEqual(['mnv', 'ga']);
  });
});

describe('analyzePrediction (the guide\'s one-line analysis)', () => {
  test('with saveDir and sampleId it writes the guide\'s layout too', async () => {
    const dir = tempDir('gradcam-vis-');
    const r = await analyzePrediction(MODEL, tensors(0), { ...options, saveDir: dir, sampleId: 'patient_001' });
    expect(r.files!.figure).toBe(join(dir, 'patient_001_gradcam_visualization.png'));
    expect(existsSync(r.files!.heatmaps.drusen!)).toBe(true);
    expect((await analyzePrediction(MODEL, tensors(0), options)).files).toBeUndefined();
  });
});

describe('MultiInputGradCAM.visualizeCam / saveHeatmaps', () => {
  test('the figure as PNG bytes (and a file), heat maps colormapped at the input size', async () => {
    const cam = new MultiInputGradCAM(MODEL, {}, options);
    try {
      const r = await cam.generateCam(tensors(0));
      const png = await cam.visualizeCam(tensors(0), r.heatmaps, undefined, { prediction: r, sampleId: 's' });
      expect((await sharp(png).metadata()).width).toBe(988);
      const dir = tempDir('gradcam-vis-');
      await cam.visualizeCam(tensors(0), r.heatmaps, join(dir, 'deep', 'fig.png'));
      expect(existsSync(join(dir, 'deep', 'fig.png'))).toBe(true);
      const paths = await cam.saveHeatmaps(r.heatmaps, dir, 'hm', { colormap: 'viridis' });
      expect(paths.mnv).toBe(join(dir, 'hm_mnv.png'));
      const { data, info } = await sharp(paths.mnv!).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([100, 100, 3]);
      const map = r.heatmaps.mnv!;
      const peak = map.indexOf(Math.max(...map));
      expect(Array.from(data.subarray(peak * 3, peak * 3 + 3))).toEqual(colormapColor(map[peak]!, 'viridis'));
      await expect(cam.visualizeCam({}, r.heatmaps)).rejects.toThrow(/missing input 'mnv'/);
    } finally {
      await cam.dispose();
    }
  });
});

describe('GradCAMVisualizer.batchAnalyze', () => {
  test('writes every sample\'s figures and the summary; results match single-sample analysis', async () => {
    const dir = tempDir('gradcam-batch-');
    const { manifest, labels } = writeNpyDataset(join(dir, 'data'), []);
    const save = join(dir, 'out');
    const progress: BatchProgress[] = [];
    const results = await vis.batchAnalyze(manifest, { saveDir: save, batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(results.map((r) => r.sampleId)).toEqual(samples.map((s) => s.id));
    const files = readdirSync(save).sort();
    expect(files).toContain('summary_visualization.png');
    for (const s of samples) {
      expect(files).toContain(`${s.id}_gradcam_visualization.png`);
      expect(readdirSync(join(save, `${s.id}_heatmaps`)).sort()).toEqual(INPUTS.map((n) => `${s.id}_${n}.png`).sort());
    }
    for (const [i, r] of results.entries()) {
      const ok = r as BatchSampleOk;
      expect(ok).toMatchObject({ trueClass: labels[i], predictedClass: samples[i]!.predicted, line: i + 2 });
      const single = await vis.analyzeSample(tensors(i));
      for (const n of INPUTS) expect(maxAbsDiff(ok.heatmaps[n]!, single.heatmaps[n]!)).toBeLessThan(1e-4);
    }
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress[4]).toMatchObject({ total: 5, ok: 5, failed: 0 });
  });

  test('a missing file, an undecodable image and an unwritable id fail alone, with their reasons', async () => {
    const dir = tempDir('gradcam-batch-');
    const cells = INPUTS.map((n) => `${samples[0]!.id}/${n}.npy`);
    writeFileSync(join(dir, 'broken.png'), 'not an image');
    const extra = [
      ['gone', 'nowhere/mnv.npy', ...cells.slice(1), 0],
      ['garbled', 'broken.png', ...cells.slice(1), 0],
      ['x'.repeat(300), ...cells, 1], // too long for a file name
    ];
    const { manifest } = writeNpyDataset(dir, extra);
    const results = await vis.batchAnalyze(manifest, { saveDir: join(dir, 'out'), batchSize: 3, keepHeatmaps: false });
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'failed', 'failed', 'failed']);
    expect(results[5]).toMatchObject({ sampleId: 'gone', line: 7, trueClass: 0, error: expect.stringMatching(/input file not found: .*nowhere\/mnv\.npy/) });
    expect(results[6]).toMatchObject({ sampleId: 'garbled', error: expect.stringMatching(/broken\.png: not a readable image/) });
    expect(results[7]).toMatchObject({ line: 9, error: expect.stringMatching(/writing its files failed: .*ENAMETOOLONG/) });
    expect((results[0] as BatchSampleOk).heatmaps).toEqual({});
    expect(existsSync(join(dir, 'out', 'gone_gradcam_visualization.png'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'summary_visualization.png'))).toBe(true);
  });

  test('numSamples takes rows from the top; a bad target class is refused before any work', async () => {
    const dir = tempDir('gradcam-batch-');
    const { manifest } = writeNpyDataset(dir);
    expect(await vis.batchAnalyze(manifest, { saveDir: join(dir, 'a'), numSamples: 2 })).toHaveLength(2);
    await expect(vis.batchAnalyze(manifest, { saveDir: join(dir, 'b'), targetClass: 7 })).rejects.toThrow(/target class 7 is not a class index/);
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  test('masks from image files: outlined, and their energy reported', async () => {
    const dir = tempDir('gradcam-batch-');
    const s = samples[0]!;
    await writePng(join(dir, 'mask.png'), Uint8Array.from({ length: 100 * 100 }, (_, p) => (p < 5000 ? 255 : 0)));
    const cells = writeNpySample(dir, s);
    const manifest = writeManifest(dir, ['id', ...INPUTS, 'mask_mnv'], [[s.id, ...INPUTS.map((n) => cells[n]), 'mask.png']]);
    const [r] = await vis.batchAnalyze(manifest, { saveDir: join(dir, 'out') });
    const ok = r as BatchSampleOk;
    const map = ok.heatmaps.mnv!;
    expect(ok.maskEnergy!.mnv).toBeCloseTo(map.subarray(0, 5000).reduce((a, v) => a + v, 0) / map.reduce((a, v) => a + v, 0), 5);
  });

  test('values the engine refuses fail their own row only, not the rest of the batch', async () => {
    const dir = tempDir('gradcam-batch-');
    const { manifest } = writeNpyDataset(dir);
    const model = loadModel(MODEL);
    const real = await vis.gradcam.ready();
    const poisoned = samples[2]!.inputs.mnv![0]!;
    // Refuses any batch holding sample 2 (its first mnv value), as the engine refuses NaNs.
    const engine = {
      run: (inputs: Record<string, InputTensor>, target?: number) => {
        const n = inputs.mnv!.dims[0]!;
        for (let r = 0; r < n; r++) if (inputs.mnv!.data[r * 10000] === poisoned) return Promise.reject(new InputError('input \'mnv\' contains NaN or infinite values'));
        return real.run(inputs, target);
      },
    } as unknown as CamEngine;
    const rows = readManifest(manifest, model.config).rows;
    const { results } = await runBatches({ engine, specs: model.config.inputs, saveDir: join(dir, 'out'), batchSize: 4, style: {}, keepHeatmaps: false }, rows);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'failed', 'ok', 'ok']);
    expect(results[2]).toMatchObject({ sampleId: samples[2]!.id, error: expect.stringMatching(/NaN/) });
  });
});
