/** What a model's task (its head) lets the dashboard show: classes, labels or raw values. */
import type { ModelTask } from './graphql/generated/operations';

/** Multiclass and binary runs: one true and one predicted class, a confusion matrix, calibration. */
export const hasClasses = (task: ModelTask): boolean => task === 'MULTICLASS' || task === 'BINARY';

/** Label indices as their names, "none" for the empty set. */
export function labelList(names: readonly string[], labels: readonly number[]): string {
  return labels.length ? labels.map((l) => names[l] ?? `label ${l}`).join(', ') : 'none';
}

export const TASK_NAMES: Record<ModelTask, string> = { MULTICLASS: 'multiclass', BINARY: 'binary', MULTILABEL: 'multi-label', REGRESSION: 'regression' };
