/**
 * gradcam batch on multi-label and regression heads (zoo fixtures): the truth column of the task,
 * and results.json / results.csv in the task's terms — label sets, raw values, no confidence.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../src/dataset/csv';
import { writeNpy } from '../../src/image/npy';
import { runCli as run } from '../support/cli';
import { tempDir } from '../support/dataset';
import { caseArray, FIXTURES, readReference } from '../support/fixtures';

/** The b4_mixed rows of a zoo fixture as .npy files, with a manifest whose truth column is `column`. */
function dataset(model: string, column: string, truth: (row: number) => string): { dir: string; rows: number } {
  const dir = tempDir('gradcam-cli-tasks-');
  const ref = readReference(model);
  const c = ref.cases.find((x) => x.name === 'b4_mixed')!;
  const input = ref.inputs[0]!.name;
  const x = caseArray(model, c, `input_${input}`);
  const plane = x.data.length / c.batch;
  const lines = [`id,${input},${column}`];
  for (let row = 0; row < c.batch; row++) {
    writeNpy(join(dir, `s${row}.npy`), x.data.slice(row * plane, (row + 1) * plane), x.dims.slice(1));
    lines.push(`s${row},s${row}.npy,${truth(row)}`);
  }
  writeFileSync(join(dir, 'manifest.csv'), lines.join('\n') + '\n');
  return { dir, rows: c.batch };
}

beforeAll(() => {
  process.env.GRADCAM_CACHE_DIR = tempDir('gradcam-cli-cache-');
});

test('multi-label: the labels column read, the labels above 0.5 written, no confidence', async () => {
  const model = 'zoo/multilabel';
  const c = readReference(model).cases.find((x) => x.name === 'b4_mixed')!;
  const { dir, rows } = dataset(model, 'labels', (row) => (row === 0 ? '-' : `0;${row % 4}`));
  const out = join(dir, 'out');
  const { code } = await run(['batch', '--model', join(FIXTURES, model), '--dataset', dir, '--save-dir', out, '--device', 'cpu']);
  expect(code).toBe(0);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  expect(doc.task).toBe('multilabel');
  expect(doc.accuracy).toBeNull();
  for (let row = 0; row < rows; row++) {
    const rec = doc.samples[row];
    expect(rec.predictedLabels).toEqual(c.predictedLabels![row]);
    expect(rec.trueLabels).toEqual(row === 0 ? [] : [...new Set([0, row % 4])].sort());
    expect(rec).not.toHaveProperty('confidence');
  }
  const [header, first] = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8')).map((r) => r.fields);
  expect(header!.slice(4, 7)).toEqual(['true_labels', 'predicted_labels', 'target_class']);
  expect(first![header!.indexOf('predicted_labels')]).toBe(c.predictedLabels![0]!.join(';'));
});

test('regression: the value column read, the raw outputs written, no class or probability', async () => {
  const model = 'zoo/regression';
  const c = readReference(model).cases.find((x) => x.name === 'b4_mixed')!;
  const outputs = caseArray(model, c, 'output');
  const width = outputs.data.length / c.batch;
  const { dir, rows } = dataset(model, 'value', (row) => String(row / 2));
  const out = join(dir, 'out');
  const { code } = await run(['batch', '--model', join(FIXTURES, model), '--dataset', dir, '--save-dir', out, '--device', 'cpu']);
  expect(code).toBe(0);
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  expect(doc.task).toBe('regression');
  for (let row = 0; row < rows; row++) {
    const rec = doc.samples[row];
    expect(rec.trueValue).toBe(row / 2);
    rec.values.forEach((v: number, k: number) => expect(v).toBeCloseTo(outputs.data[row * width + k]!, 4));
    expect(rec).not.toHaveProperty('predictedClass');
    expect(rec).not.toHaveProperty('probabilities');
  }
  const [header] = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8')).map((r) => r.fields);
  expect(header!.slice(4, 6 + width)).toEqual(['true_value', 'target_class', ...Array.from({ length: width }, (_, k) => `value_${k}`)]);
});
