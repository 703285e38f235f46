/**
 * A sample's prediction and truth as the Sample row holds them, per task: each task fills its
 * own columns and leaves the others empty (no fake class or confidence for a regression head).
 */
import type { CamResult } from 'gradcam-core';
import type { Sample } from '../generated/prisma/client';
import type { SampleTruth } from './explained-sample';

export type PredictionColumns = Pick<Sample, 'trueClass' | 'predictedClass' | 'confidence' | 'probabilities' | 'predictedLabels' | 'trueLabels' | 'values' | 'trueValue' | 'correct'>;

const ascending = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

const sameSet = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function predictionColumns(cam: CamResult, truth: SampleTruth): PredictionColumns {
  const empty = { trueClass: null, predictedLabels: [], trueLabels: [], values: [], trueValue: null };
  switch (cam.task) {
    case 'regression':
      return { ...empty, predictedClass: null, confidence: null, probabilities: [], values: cam.scores, trueValue: truth.trueValue, correct: null };
    case 'multilabel': {
      const predicted = ascending(cam.predictedLabels ?? []);
      const trueLabels = truth.trueLabels && ascending(truth.trueLabels);
      return {
        ...empty,
        predictedClass: cam.predictedClass,
        confidence: cam.confidence,
        probabilities: cam.probabilities,
        predictedLabels: predicted,
        trueLabels: trueLabels ?? [],
        correct: trueLabels ? sameSet(predicted, trueLabels) : null,
      };
    }
    default:
      return {
        ...empty,
        trueClass: truth.trueClass,
        predictedClass: cam.predictedClass,
        confidence: cam.confidence,
        probabilities: cam.probabilities,
        correct: truth.trueClass === null ? null : truth.trueClass === cam.predictedClass,
      };
  }
}
