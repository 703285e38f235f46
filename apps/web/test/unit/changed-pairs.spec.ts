/** Which compared pairs count as changed, and the order by heat-map shift. */
import { expect, test } from '@playwright/test';
import { sortChanged, toChangedPair } from '../../lib/compare/changed-pairs';
import type { ComparedPairFragment } from '../../lib/graphql/generated/operations';

function pair(externalId: string, outcome: ComparedPairFragment['outcome'], from: number, to: number, ious: number[]): ComparedPairFragment {
  const side = (predictedClass: number) => ({ id: `${externalId}-${predictedClass}`, trueClass: 1, predictedClass, confidence: 0.9, correct: predictedClass === 1, heatmaps: [] });
  return { externalId, outcome, base: side(from), other: side(to), shifts: ious.map((iou, i) => ({ input: `in${i}`, iou, pearson: null })) };
}

test('fixed, broken and other class changes are kept; unchanged predictions are not', () => {
  expect(toChangedPair(pair('a', 'FIXED', 0, 1, [0.5]))?.kind).toBe('fixed');
  expect(toChangedPair(pair('b', 'BROKEN', 1, 2, [0.5]))?.kind).toBe('broken');
  expect(toChangedPair(pair('c', 'BOTH_WRONG', 0, 2, [0.5]))?.kind).toBe('changed');
  expect(toChangedPair(pair('d', 'BOTH_WRONG', 2, 2, [0.5]))).toBeNull();
  expect(toChangedPair(pair('e', 'BOTH_RIGHT', 1, 1, [0.5]))).toBeNull();
});

test('the shift is 1 − IoU averaged over inputs, largest first', () => {
  const changed = [pair('a', 'FIXED', 0, 1, [0.9, 0.7]), pair('b', 'FIXED', 0, 1, [0.1, 0.3]), pair('c', 'BROKEN', 1, 0, [0.5, 0.5])].map((p) => toChangedPair(p)!);
  expect(changed[0]!.meanShift).toBeCloseTo(0.2);
  expect(sortChanged(changed, 'shift').map((c) => c.pair.externalId)).toEqual(['b', 'c', 'a']);
  expect(sortChanged(changed, 'id').map((c) => c.pair.externalId)).toEqual(['a', 'b', 'c']);
});
