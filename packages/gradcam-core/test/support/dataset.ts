/** Small datasets for batch tests, made from the effnet4 fixture's samples in a temp folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeNpy } from '../../src/image/npy';
import { caseArray, FIXTURES, readReference } from './fixtures';

export const MODEL = join(FIXTURES, 'effnet4');
export const INPUTS = ['mnv', 'fluid', 'ga', 'drusen'] as const;

export interface FixtureSample {
  id: string;
  /** Input name -> [1,100,100]. */
  inputs: Record<string, Float32Array>;
  /** The fixture model's prediction for it (PyTorch reference). */
  predicted: number;
}

/** The five distinct samples of the fixture: b1_pred and the four rows of b4_mixed. */
export function fixtureSamples(): FixtureSample[] {
  const ref = readReference('effnet4');
  const out: FixtureSample[] = [];
  for (const name of ['b1_pred', 'b4_mixed']) {
    const c = ref.cases.find((x) => x.name === name)!;
    for (let row = 0; row < c.batch; row++) {
      const inputs: Record<string, Float32Array> = {};
      for (const input of INPUTS) {
        const t = caseArray('effnet4', c, `input_${input}`);
        const plane = t.data.length / c.batch;
        inputs[input] = t.data.slice(row * plane, (row + 1) * plane);
      }
      out.push({ id: `${name}_${row}`, inputs, predicted: c.predicted[row]! });
    }
  }
  return out;
}

/** A temp folder to write datasets and results in. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes each sample's inputs as .npy files under `dir` and returns their manifest cells. */
export function writeNpySample(dir: string, s: FixtureSample): Record<string, string> {
  mkdirSync(join(dir, s.id), { recursive: true });
  return Object.fromEntries(
    INPUTS.map((i) => {
      writeNpy(join(dir, s.id, `${i}.npy`), s.inputs[i]!, [1, 100, 100]);
      return [i, `${s.id}/${i}.npy`];
    }),
  );
}

/** Writes a greyscale 8-bit PNG of `pixels` (100×100). */
export async function writePng(path: string, pixels: Uint8Array, width = 100, height = 100, channels: 1 | 3 = 1): Promise<void> {
  const img = sharp(Buffer.from(pixels), { raw: { width, height, channels } });
  await (channels === 1 ? img.toColourspace('b-w') : img).png().toFile(path);
}

/** manifest.csv from a header and rows of cells (quoted where needed). */
export function writeManifest(dir: string, header: string[], rows: (string | number | undefined)[][]): string {
  const q = (v: string | number | undefined): string => {
    const s = v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const path = join(dir, 'manifest.csv');
  writeFileSync(path, [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n');
  return path;
}

/**
 * The standard test dataset: the five fixture samples as .npy files, labelled so that all but
 * the second are right (its label is the prediction + 1), plus `extra` rows appended as given.
 */
export function writeNpyDataset(dir: string, extra: (string | number | undefined)[][] = []): { manifest: string; samples: FixtureSample[]; labels: number[] } {
  const samples = fixtureSamples();
  const labels = samples.map((s, i) => (i === 1 ? (s.predicted + 1) % 4 : s.predicted));
  const rows = samples.map((s, i) => {
    const cells = writeNpySample(dir, s);
    return [s.id, ...INPUTS.map((n) => cells[n]), labels[i]];
  });
  const manifest = writeManifest(dir, ['id', ...INPUTS, 'label'], [...rows, ...extra]);
  return { manifest, samples, labels };
}
