/**
 * A dataset for tinyHead models written by the test: per row an 8×8 .npy tensor of level `m`
 * (a faint gradient around it, so the heat maps are not flat; m is its mean window mean) and a
 * manifest.csv with the truth cell the task reads. Rows of the same level get the same tensor:
 * equal scores, for ties.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from 'gradcam-core';
import { TINY_CONFIG, tinyHead, tinyHeadConfig, type TinyTask } from './tiny-onnx';

export interface TinyRow {
  id: string;
  level: number;
  /** The manifest's truth cell ('' for none). */
  truth: string;
}

const TRUTH_COLUMN: Record<TinyTask, string> = { binary: 'label', multilabel: 'labels', regression: 'value' };

/** The tensor of a level: level + (i − 3.5)·0.01 per row i, whose window means average to level. */
export function tinyTensor(level: number): Float32Array {
  return Float32Array.from({ length: 64 }, (_, p) => level + (Math.floor(p / 8) - 3.5) * 0.01);
}

/** Writes `<root>/<name>/` (model.onnx, gradcam.json) and its dataset `<root>/<name>/samples/`. */
export function writeTinyModel(root: string, name: string, task: TinyTask, rows: readonly TinyRow[]): void {
  const dir = join(root, name);
  mkdirSync(join(dir, 'samples', 'tensors'), { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), tinyHead(task));
  writeFileSync(join(dir, 'gradcam.json'), JSON.stringify(tinyHeadConfig(task)));
  const input = TINY_CONFIG.inputs[0]!.name;
  const lines = [`id,${input},${TRUTH_COLUMN[task]}`];
  for (const row of rows) {
    const file = `tensors/level_${row.level}.npy`;
    writeFileSync(join(dir, 'samples', file), encodeNpy(tinyTensor(row.level), [1, 8, 8]));
    lines.push(`${row.id},${file},${row.truth}`);
  }
  writeFileSync(join(dir, 'samples', 'manifest.csv'), `${lines.join('\n')}\n`);
}
