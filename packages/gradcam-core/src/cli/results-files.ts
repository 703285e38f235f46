/**
 * results.csv and results.json of a batch: one record per manifest row, failed rows included with
 * their reason. File paths are relative to the save folder, so the folder can be moved whole.
 */
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BatchSampleOk, BatchSampleResult } from '../api/results';
import type { Task } from '../model/config';
import type { Accuracy } from './confusion';

export const RESULTS_CSV = 'results.csv';
export const RESULTS_JSON = 'results.json';

export interface BatchMeta {
  model: string;
  dataset: string;
  method: string;
  device: string;
  layers: Record<string, string>;
  task: Task;
  classes: readonly string[];
  inputs: readonly string[];
  /** Summary figure, if one was written. */
  summary?: string;
  accuracy: Accuracy | null;
}

/** What the head said and the truth, in its task's terms (no class or confidence for regression). */
function prediction(r: BatchSampleOk) {
  if (r.task === 'regression') return { trueValue: r.trueValue ?? null, values: r.scores };
  if (r.task === 'multilabel') return { trueLabels: r.trueLabels ?? null, predictedLabels: r.predictedLabels, probabilities: r.probabilities };
  return { trueClass: r.trueClass ?? null, predictedClass: r.predictedClass, confidence: r.confidence, probabilities: r.probabilities };
}

/** One sample as results.json lists it. */
function record(r: BatchSampleResult, saveDir: string) {
  const rel = (p: string): string => relative(saveDir, p);
  if (r.status === 'failed') return { id: r.sampleId, line: r.line, status: r.status, error: r.error, trueClass: r.trueClass ?? null };
  return {
    id: r.sampleId,
    line: r.line,
    status: r.status,
    ...prediction(r),
    targetClass: r.targetClass,
    figure: r.files ? rel(r.files.figure) : null,
    heatmaps: r.files ? Object.fromEntries(Object.entries(r.files.heatmaps).map(([k, p]) => [k, rel(p)])) : {},
    ...(r.maskEnergy ? { maskEnergy: r.maskEnergy } : {}),
  };
}

export function writeResultsJson(saveDir: string, results: readonly BatchSampleResult[], meta: BatchMeta): string {
  const ok = results.filter((r) => r.status === 'ok').length;
  const doc = {
    model: meta.model,
    dataset: meta.dataset,
    method: meta.method,
    device: meta.device,
    layers: meta.layers,
    task: meta.task,
    classes: meta.classes,
    inputs: meta.inputs,
    paths: 'relative to this file',
    summaryFigure: meta.summary ? relative(saveDir, meta.summary) : null,
    counts: { total: results.length, ok, failed: results.length - ok },
    accuracy: meta.accuracy && { correct: meta.accuracy.correct, labelled: meta.accuracy.labelled, value: meta.accuracy.value },
    confusionMatrix: meta.accuracy && { rows: 'true class', columns: 'predicted class', matrix: meta.accuracy.matrix },
    samples: results.map((r) => record(r, saveDir)),
  };
  const path = join(saveDir, RESULTS_JSON);
  writeFileSync(path, JSON.stringify(doc, null, 2) + '\n');
  return path;
}

/** Quotes a CSV field when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The columns of results.csv for the head's prediction, the truth and the explained target, per task, and a row's values. */
function predictionColumns(task: Task, classes: readonly string[]): { header: string[]; values(r: BatchSampleOk): (string | number | undefined)[] } {
  const labels = (set: readonly number[] | undefined): string | undefined => set?.join(';');
  if (task === 'regression')
    return { header: ['true_value', 'target_class', ...classes.map((_, k) => `value_${k}`)], values: (r) => [r.trueValue, r.targetClass, ...r.scores] };
  if (task === 'multilabel')
    return {
      header: ['true_labels', 'predicted_labels', 'target_class', ...classes.map((_, k) => `p_${k}`)],
      values: (r) => [labels(r.trueLabels), labels(r.predictedLabels), r.targetClass, ...r.probabilities],
    };
  return {
    header: ['true_class', 'predicted_class', 'target_class', 'confidence', ...classes.map((_, k) => `p_${k}`)],
    values: (r) => [r.trueClass, r.predictedClass, r.targetClass, r.confidence, ...r.probabilities],
  };
}

export function writeResultsCsv(saveDir: string, results: readonly BatchSampleResult[], meta: BatchMeta): string {
  const masked = meta.inputs.filter((i) => results.some((r) => r.status === 'ok' && r.maskEnergy?.[i] !== undefined));
  const predicted = predictionColumns(meta.task, meta.classes);
  const header = ['id', 'line', 'status', 'error', ...predicted.header, 'figure', ...meta.inputs.map((i) => `heatmap_${i}`), ...masked.map((i) => `mask_energy_${i}`)];
  const rel = (p: string | undefined): string => (p ? relative(saveDir, p) : '');
  const rows = results.map((r) => {
    if (r.status === 'failed') return [r.sampleId, r.line, 'failed', r.error, ...predicted.header.map((h) => (h === 'true_class' ? r.trueClass : '')), ...Array<string>(header.length - 4 - predicted.header.length).fill('')];
    return [
      r.sampleId, r.line, 'ok', '',
      ...predicted.values(r),
      rel(r.files?.figure),
      ...meta.inputs.map((i) => rel(r.files?.heatmaps[i])),
      ...masked.map((i) => r.maskEnergy?.[i]),
    ];
  });
  const path = join(saveDir, RESULTS_CSV);
  writeFileSync(path, [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n');
  return path;
}
