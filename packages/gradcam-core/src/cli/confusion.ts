/** Accuracy and the confusion matrix of the labelled, successfully analysed samples. */
import type { BatchSampleResult } from '../api/results';

export interface Accuracy {
  correct: number;
  labelled: number;
  /** correct / labelled. */
  value: number;
  /** matrix[true][predicted] = count. */
  matrix: number[][];
}

/** Null when no analysed sample has a label. */
export function accuracyOf(results: readonly BatchSampleResult[], classCount: number): Accuracy | null {
  const matrix = Array.from({ length: classCount }, () => Array<number>(classCount).fill(0));
  let labelled = 0;
  let correct = 0;
  for (const r of results) {
    if (r.status !== 'ok' || r.trueClass === undefined) continue;
    labelled++;
    if (r.trueClass === r.predictedClass) correct++;
    matrix[r.trueClass]![r.predictedClass]!++;
  }
  return labelled ? { correct, labelled, value: correct / labelled, matrix } : null;
}

/** The matrix as aligned text lines: rows are true classes, columns predicted ones. */
export function formatConfusion(acc: Accuracy, classes: readonly string[]): string[] {
  const width = Math.max(5, ...classes.map((c) => c.length), ...acc.matrix.flat().map((n) => String(n).length));
  const cell = (s: string): string => s.padStart(width);
  return [
    `confusion matrix (rows: true class, columns: predicted class):`,
    `  ${' '.repeat(width)}  ${classes.map(cell).join('  ')}`,
    ...acc.matrix.map((row, t) => `  ${cell(classes[t] ?? String(t))}  ${row.map((n) => cell(String(n))).join('  ')}`),
  ];
}
