/** Words for a prediction, shared by the figures, the CLI and the result files. */
import type { Task } from '../model/config';

export interface PredictionCaption {
  predictedClass: number;
  confidence: number;
  /** The class the heat maps explain; mentioned when it differs from the prediction. */
  targetClass?: number;
  /** The known class, when the sample is labelled. */
  trueClass?: number;
  /** Each input's share of the target score (gradient methods), drawn as a bar per column. */
  branchContributions?: Readonly<Record<string, number>>;
  /** The head's task (default multiclass); multilabel and regression are worded differently. */
  task?: Task;
  /** Multilabel: the labels above 0.5 with their probabilities. Regression: the raw outputs. */
  predictedLabels?: readonly number[];
  probabilities?: readonly number[];
  scores?: readonly number[];
}

/** "CNV (2)" for named classes; "class 2" stays as it is. */
export function classLabel(classes: readonly string[], k: number): string {
  const name = classes[k];
  if (name === undefined) return `class ${k}`;
  return name === `class ${k}` ? name : `${name} (${k})`;
}

export type Verdict = 'right' | 'wrong' | 'unknown';

export function verdict(p: { predictedClass: number; trueClass?: number }): Verdict {
  if (p.trueClass === undefined) return 'unknown';
  return p.trueClass === p.predictedClass ? 'right' : 'wrong';
}

/** "predicted: class 2 · confidence 0.831 · true: class 1 ✗" (and what the maps explain, if not the prediction). */
export function predictionLine(p: PredictionCaption, classes: readonly string[]): string {
  if (p.task === 'regression' || p.task === 'multilabel') {
    const parts =
      p.task === 'regression'
        ? [`values: ${(p.scores ?? []).map((v, k) => `${classes[k] ?? `output ${k}`} ${v.toPrecision(4)}`).join(', ')}`]
        : [`labels: ${(p.predictedLabels ?? []).map((k) => `${classes[k] ?? `label ${k}`} ${(p.probabilities?.[k] ?? NaN).toFixed(3)}`).join(', ') || 'none above 0.5'}`];
    if (p.targetClass !== undefined) parts.push(`maps explain ${classLabel(classes, p.targetClass)}`);
    return parts.join(' · ');
  }
  const parts = [`predicted: ${classLabel(classes, p.predictedClass)}`, `confidence ${p.confidence.toFixed(3)}`];
  if (p.trueClass !== undefined) parts.push(`true: ${classLabel(classes, p.trueClass)} ${verdict(p) === 'right' ? '✓' : '✗'}`);
  if (p.targetClass !== undefined && p.targetClass !== p.predictedClass) parts.push(`maps explain ${classLabel(classes, p.targetClass)}`);
  return parts.join(' · ');
}

/** How the papers spell the methods, for figure titles; an unlisted method shows its name. */
const METHOD_TITLES: Readonly<Record<string, string>> = {
  gradcam: 'Grad-CAM',
  'gradcam++': 'Grad-CAM++',
  xgradcam: 'XGrad-CAM',
  hirescam: 'HiResCAM',
  layercam: 'LayerCAM',
  eigencam: 'EigenCAM',
  scorecam: 'Score-CAM',
  ablationcam: 'Ablation-CAM',
};

export function methodTitle(method: string | undefined): string {
  return method === undefined ? 'Grad-CAM' : (METHOD_TITLES[method] ?? method);
}
