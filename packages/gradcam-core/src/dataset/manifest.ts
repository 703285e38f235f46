/**
 * A dataset for batch analysis: manifest.csv with a column `id`, one column per model input
 * (named as the input; image files or .npy tensors), the truth where known, and optional
 * `mask_<input>` columns (region masks). Paths are relative to the manifest. The truth follows the
 * model's task: `label` (a class index or class name) for multiclass and binary heads; `labels`
 * (label indices or names separated by ';', `-` for none) for multi-label heads; `value` (or
 * `label`), a number, for regression heads. An empty truth cell is an unknown truth.
 *
 * Problems with the header make the manifest unusable and throw; problems with one row (no id,
 * a duplicate id, an empty file cell, an unknown label) are kept on that row, which then fails
 * alone while the others are analysed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ModelConfig } from '../model/config';
import { checkSampleId } from '../figures/output-layout';
import { CsvError, parseCsv } from './csv';

export const MANIFEST_FILE = 'manifest.csv';
export const MASK_PREFIX = 'mask_';

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export interface ManifestRow {
  /** Line of the row in the manifest. */
  line: number;
  id: string;
  /** Input name -> absolute path. */
  files: Record<string, string>;
  /** Input name -> absolute path of its mask, where given. */
  masks: Record<string, string>;
  /** Multiclass, binary: the true class. */
  label?: number;
  /** Multi-label: the true labels, ascending, without repeats. */
  labels?: number[];
  /** Regression: the true value of the first output. */
  value?: number;
  /** Why this row cannot be analysed, if it cannot. */
  problem?: string;
}

export interface Manifest {
  path: string;
  rows: ManifestRow[];
  /** Whether the manifest has a truth column for the model's task. */
  labelled: boolean;
}

/** `label` cell -> class index: an index 0..k-1 or a class name (case-insensitive). */
export function parseClassLabel(cell: string, classes: readonly string[]): number {
  if (/^\d+$/.test(cell)) {
    const k = Number(cell);
    if (k < classes.length) return k;
  }
  const byName = classes.findIndex((c) => c.toLowerCase() === cell.toLowerCase());
  if (byName >= 0) return byName;
  throw new ManifestError(`label '${cell}' is neither a class index 0..${classes.length - 1} nor a class name (${classes.join(', ')})`);
}

/** `labels` cell -> label indices: indices or names separated by ';'; `-` is the empty set. */
export function parseLabelSet(cell: string, labels: readonly string[]): number[] {
  if (cell === '-' && !labels.includes('-')) return [];
  const parts = cell.split(';').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new ManifestError(`labels '${cell}' has an empty entry (separate labels by ';', write '-' for none)`);
  return [...new Set(parts.map((p) => parseClassLabel(p, labels)))].sort((a, b) => a - b);
}

/** `value` cell -> a finite number. */
export function parseValue(cell: string): number {
  const v = Number(cell);
  if (!Number.isFinite(v) || !/^[\s+\-.\deE]+$/.test(cell)) throw new ManifestError(`value '${cell}' is not a number`);
  return v;
}

/** The truth columns a task reads, in order of preference. */
function truthColumns(task: ModelConfig['task']): string[] {
  if (task === 'multilabel') return ['labels'];
  if (task === 'regression') return ['value', 'label'];
  return ['label'];
}

/** Sets the row's truth from the first truth column of the task the header has. */
function readTruth(row: ManifestRow, cell: (name: string) => string, column: string | undefined, config: ModelConfig): void {
  const text = column ? cell(column) : '';
  if (!text) return;
  if (config.task === 'multilabel') row.labels = parseLabelSet(text, config.classes);
  else if (config.task === 'regression') row.value = parseValue(text);
  else row.label = parseClassLabel(text, config.classes);
}

function checkHeader(header: string[], config: ModelConfig, path: string): void {
  const inputs = config.inputs.map((s) => s.name);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new ManifestError(`${path}: column '${h}' appears twice`);
    seen.add(h);
  }
  if (!seen.has('id')) throw new ManifestError(`${path}: no 'id' column (the header is: ${header.join(', ')})`);
  const missing = inputs.filter((i) => !seen.has(i));
  if (missing.length) throw new ManifestError(`${path}: no column for input(s) ${missing.join(', ')}; the model takes ${inputs.join(', ')}`);
  const badMask = header.filter((h) => h.startsWith(MASK_PREFIX) && !inputs.includes(h.slice(MASK_PREFIX.length)));
  if (badMask.length) throw new ManifestError(`${path}: ${badMask.join(', ')} name(s) no input; mask columns are ${inputs.map((i) => MASK_PREFIX + i).join(', ')}`);
}

/** Reads a manifest: the path of a CSV file, or of a folder holding manifest.csv. */
export function readManifest(pathOrDir: string, config: ModelConfig): Manifest {
  if (!existsSync(pathOrDir)) throw new ManifestError(`dataset not found: ${pathOrDir}`);
  const path = resolve(statSync(pathOrDir).isDirectory() ? join(pathOrDir, MANIFEST_FILE) : pathOrDir);
  if (!existsSync(path)) throw new ManifestError(`no ${MANIFEST_FILE} in the folder ${pathOrDir}`);
  let records;
  try {
    records = parseCsv(readFileSync(path, 'utf8'), path);
  } catch (err) {
    if (err instanceof CsvError) throw new ManifestError(err.message);
    throw err;
  }
  const [head, ...body] = records;
  if (!head) throw new ManifestError(`${path} is empty`);
  const header = head.fields.map((h) => h.trim());
  checkHeader(header, config, path);
  const base = dirname(path);
  const col = (name: string): number => header.indexOf(name);
  const truthColumn = truthColumns(config.task).find((c) => header.includes(c));
  const ids = new Map<string, number>();
  const rows = body.map((rec): ManifestRow => {
    const cell = (name: string): string => (col(name) >= 0 ? (rec.fields[col(name)] ?? '').trim() : '');
    const row: ManifestRow = { line: rec.line, id: cell('id'), files: {}, masks: {} };
    const problems: string[] = [];
    if (rec.fields.length !== header.length) problems.push(`${rec.fields.length} fields for ${header.length} columns`);
    try {
      checkSampleId(row.id);
      const first = ids.get(row.id);
      if (first !== undefined) problems.push(`id '${row.id}' already used on line ${first}`);
      else ids.set(row.id, rec.line);
    } catch (err) {
      problems.push((err as Error).message);
    }
    for (const spec of config.inputs) {
      const file = cell(spec.name);
      if (file) row.files[spec.name] = resolve(base, file);
      else problems.push(`no file for input '${spec.name}'`);
      const mask = cell(MASK_PREFIX + spec.name);
      if (mask) row.masks[spec.name] = resolve(base, mask);
    }
    try {
      readTruth(row, cell, truthColumn, config);
    } catch (err) {
      problems.push((err as Error).message);
    }
    if (problems.length) row.problem = `line ${rec.line}: ${problems.join('; ')}`;
    return row;
  });
  return { path, rows, labelled: truthColumn !== undefined };
}
