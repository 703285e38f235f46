import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAM_METHODS } from '../../src/cam/methods';
import { runCli as run } from '../support/cli';
import { parseCsv } from '../../src/dataset/csv';
import { INPUTS, MODEL, tempDir, writeManifest, writeNpyDataset } from '../support/dataset';

beforeAll(() => {
  process.env.GRADCAM_CACHE_DIR = tempDir('gradcam-cli-cache-');
});

describe('gradcam batch', () => {
  test('end to end: figures, summary, results.csv/json, accuracy and confusion matrix; plain progress lines off a terminal', async () => {
    const dir = tempDir('gradcam-cli-batch-');
    const { manifest, samples, labels } = writeNpyDataset(join(dir, 'data'));
    const out = join(dir, 'out');
    const { code, lines, stderr } = await run(['batch', '--model', MODEL, '--dataset', join(dir, 'data'), '--batch-size', '2', '--save-dir', out, '--device', 'cpu', '--colormap', 'turbo']);
    expect(code).toBe(0);
    expect(lines[0]).toBe(`5 of 5 samples from ${manifest}, batches of 2, gradcam on cpu -> ${out}`);
    expect(lines).toContain('analysed 5 of 5 samples');
    expect(lines).toContain('accuracy: 4/5 labelled samples (80.0%)');
    expect(lines).toContain('confusion matrix (rows: true class, columns: predicted class):');
    expect(stderr).not.toContain('\r');
    expect(stderr.trim().split('\n').filter((l) => l.startsWith('progress: '))).toHaveLength(5);
    expect(stderr).toMatch(/progress: 5\/5 \(100%\) · [\d.]+ samples\/s · [\d:]+ elapsed\n/);

    const files = readdirSync(out);
    for (const f of ['results.csv', 'results.json', 'summary_visualization.png', ...samples.map((s) => `${s.id}_gradcam_visualization.png`)]) expect(files).toContain(f);

    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc).toMatchObject({ method: 'gradcam', device: 'cpu', classes: ['class 0', 'class 1', 'class 2', 'class 3'], inputs: [...INPUTS], counts: { total: 5, ok: 5, failed: 0 }, summaryFigure: 'summary_visualization.png' });
    expect(doc.accuracy).toEqual({ correct: 4, labelled: 5, value: 0.8 });
    expect(doc.confusionMatrix.matrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(5);
    samples.forEach((s, i) => {
      const rec = doc.samples[i];
      expect(rec).toMatchObject({ id: s.id, status: 'ok', trueClass: labels[i], predictedClass: s.predicted, targetClass: s.predicted, figure: `${s.id}_gradcam_visualization.png` });
      expect(rec.heatmaps.ga).toBe(`${s.id}_heatmaps/${s.id}_ga.png`);
      expect(rec.probabilities).toHaveLength(4);
      expect(rec.confidence).toBe(Math.max(...rec.probabilities));
      expect(doc.confusionMatrix.matrix[labels[i]!][s.predicted]).toBeGreaterThan(0);
    });

    const [header, ...rows] = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8')).map((r) => r.fields);
    expect(header).toEqual(['id', 'line', 'status', 'error', 'true_class', 'predicted_class', 'target_class', 'confidence', 'p_0', 'p_1', 'p_2', 'p_3', 'figure', ...INPUTS.map((i) => `heatmap_${i}`)]);
    expect(rows).toHaveLength(5);
    const col = (name: string): number => header!.indexOf(name);
    rows.forEach((r, i) => {
      expect(r[col('id')]).toBe(samples[i]!.id);
      expect(r[col('status')]).toBe('ok');
      expect(Number(r[col('predicted_class')])).toBe(samples[i]!.predicted);
      expect(Number(r[col('confidence')])).toBeCloseTo(doc.samples[i].confidence, 12);
      expect(existsSync(join(out, r[col('heatmap_mnv')]!))).toBe(true);
    });
  });

  test('a row with a missing file fails with its reason, the rest are written; exit code 3', async () => {
    const dir = tempDir('gradcam-cli-batch-');
    const { samples } = writeNpyDataset(dir, [['lost', 'missing.npy', 'b.npy', 'c.npy', 'd.npy', '']]);
    const out = join(dir, 'out');
    const { code, lines } = await run(['batch', '--model', MODEL, '--dataset', join(dir, 'manifest.csv'), '--save-dir', out, '--device', 'cpu', '--num-samples', 'all']);
    expect(code).toBe(3);
    expect(lines).toContain('analysed 5 of 6 samples, 1 failed');
    expect(lines.find((l) => l.startsWith('  failed lost: '))).toMatch(/input file not found: .*missing\.npy/);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(doc.counts).toEqual({ total: 6, ok: 5, failed: 1 });
    expect(doc.samples[5]).toMatchObject({ id: 'lost', status: 'failed', line: 7, error: expect.stringMatching(/missing\.npy/) });
    const rows = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8')).map((r) => r.fields);
    expect(rows[6]!.slice(0, 3)).toEqual(['lost', '7', 'failed']);
    expect(rows[6]![3]).toMatch(/input file not found/);
    expect(readdirSync(out).filter((f) => f.endsWith('_gradcam_visualization.png'))).toHaveLength(samples.length);
  });

  test('--num-samples limits the rows; the default save folder is gradcam_results_<timestamp>', async () => {
    const dir = tempDir('gradcam-cli-batch-');
    writeNpyDataset(dir);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { code, lines } = await run(['batch', '--model', MODEL, '--dataset', '.', '--num-samples', '2', '--device', 'cpu']);
      expect(code).toBe(0);
      expect(lines[0]).toMatch(/^2 of 5 samples from .*, batches of 8, gradcam on cpu -> .*gradcam_results_\d{8}_\d{6}$/);
      const made = readdirSync(dir).filter((f) => /^gradcam_results_\d{8}_\d{6}$/.test(f));
      expect(made).toHaveLength(1);
      expect(JSON.parse(readFileSync(join(dir, made[0]!, 'results.json'), 'utf8')).counts.total).toBe(2);
    } finally {
      process.chdir(cwd);
    }
  });

  const dataset = (dir: string): string[] => (writeNpyDataset(dir), ['--dataset', dir]);
  test.each<[string, (dir: string) => string[], RegExp]>([
    ['an unknown CAM method names the known ones', (d) => [...dataset(d), '--method', 'nope'], /unknown CAM method 'nope' \(available: .*gradcam/],
    ['a manifest without an input column', (d) => (writeManifest(d, ['id', 'mnv', 'fluid', 'ga'], [['a', 'a.npy', 'b.npy', 'c.npy']]), ['--dataset', d]), /no column for input\(s\) drusen/],
    ['a missing dataset', () => ['--dataset', '/nonexistent/x.csv'], /dataset not found: \/nonexistent\/x\.csv/],
    ['a class out of range', (d) => [...dataset(d), '--target-class', '9'], /target class 9 is not a class index 0\.\.3/],
  ])('%s: one line on stderr, exit code 1', async (_l, setup, message) => {
    const dir = tempDir('gradcam-cli-batch-');
    const { code, stderr } = await run(['batch', '--model', MODEL, '--device', 'cpu', '--save-dir', join(dir, 'out'), ...setup(dir)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  // Any other method the engine offers goes through --method to the engine and into the results.
  const other = [...CAM_METHODS.keys()].find((m) => m !== 'gradcam');
  (other ? test : test.skip)(`--method ${other} reaches the engine`, async () => {
    const dir = tempDir('gradcam-cli-batch-');
    writeNpyDataset(dir);
    const out = join(dir, 'out');
    const { code, lines } = await run(['batch', '--model', MODEL, '--dataset', dir, '--num-samples', '2', '--device', 'cpu', '--save-dir', out, '--method', other!]);
    expect(code).toBe(0);
    expect(lines[0]).toContain(`, ${other} on cpu ->`);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).method).toBe(other);
  });

  test('usage errors exit with 2', async () => {
    expect((await run(['batch', '--model', MODEL, '--dataset', '.', '--colormap', 'rainbow'])).code).toBe(2);
    expect((await run(['batch', '--model', MODEL, '--dataset', '.', '--num-samples', '0'])).code).toBe(2);
    expect((await run(['batch', '--model', MODEL])).code).toBe(2);
  });

  test('--help describes every option and the manifest format', async () => {
    const { code, stdout } = await run(['batch', '--help']);
    expect(code).toBe(0);
    for (const opt of ['--model', '--dataset', '--num-samples', '--batch-size', '--save-dir', '--layer', '--target-class', '--method', '--device', '--threads', '--colormap', '--alpha']) expect(stdout).toContain(opt);
    expect(stdout).toMatch(/mask_<input>/);
    expect(stdout).toMatch(/results\.csv, results\.json/);
    const top = await run(['--help']);
    expect(top.stdout).toMatch(/batch \[options\]\s+explain the samples of a dataset manifest/);
  });
});

describe('gradcam analyze: figures', () => {
  test('--save-dir writes the figure and heat maps for --sample-id; --true-class by name', async () => {
    const dir = tempDir('gradcam-cli-analyze-');
    const { samples } = writeNpyDataset(join(dir, 'data'));
    const inputs = INPUTS.flatMap((n) => ['--input', `${n}=${join(dir, 'data', samples[0]!.id, `${n}.npy`)}`]);
    const out = join(dir, 'figs');
    const { code, lines } = await run(['analyze', '--model', MODEL, ...inputs, '--device', 'cpu', '--save-dir', out, '--sample-id', 'eye_7', '--true-class', 'class 1', '--colormap', 'viridis', '--method', 'gradcam', '--json', join(dir, 'r.json')]);
    expect(code).toBe(0);
    expect(lines).toContain(`wrote ${join(out, 'eye_7_gradcam_visualization.png')} and the heat maps in ${join(out, 'eye_7_heatmaps')}/`);
    expect(readdirSync(join(out, 'eye_7_heatmaps')).sort()).toEqual(INPUTS.map((n) => `eye_7_${n}.png`).sort());
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toMatchObject({ sampleId: 'eye_7', trueClass: 1, figure: join(out, 'eye_7_gradcam_visualization.png') });
  });

  test('an unknown --method gives the engine\'s error; a bad --true-class is named', async () => {
    const dir = tempDir('gradcam-cli-analyze-');
    const { samples } = writeNpyDataset(dir);
    const inputs = INPUTS.flatMap((n) => ['--input', `${n}=${join(dir, samples[0]!.id, `${n}.npy`)}`]);
    const bad = await run(['analyze', '--model', MODEL, ...inputs, '--device', 'cpu', '--method', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^gradcam: unknown CAM method 'nope' \(available: /);
    const label = await run(['analyze', '--model', MODEL, ...inputs, '--device', 'cpu', '--true-class', 'sick']);
    expect(label.code).toBe(1);
    expect(label.stderr).toMatch(/--true-class: label 'sick' is neither a class index/);
  });
});
