/** The reference itself, on a case worked by hand (the values sklearn gives for it). */
import { referenceSummary } from './support/summary-reference';

test('hand-worked case: y_true 0 1 2 3, y_pred 0 2 2 3', () => {
  const rows = [0, 1, 2, 3].map((t, i) => ({ trueClass: t, predictedClass: [0, 2, 2, 3][i]!, confidence: [0.95, 0.55, 0.65, 0.05][i]!, branchContributions: [] }));
  const s = referenceSummary(rows, 4, ['a']);
  expect(s.accuracy).toBe(0.75);
  expect(s.balancedAccuracy).toBe(0.75);
  expect(s.macroF1).toBeCloseTo((1 + 0 + 2 / 3 + 1) / 4, 12);
  expect(s.quadraticWeightedKappa).toBeCloseTo(0.9, 12); // observed 1, expected 40/4
  // bins: 0.95 -> 9 (right), 0.55 -> 5 (wrong), 0.65 -> 6 (right), 0.05 -> 0 (right)
  expect(s.expectedCalibrationError).toBeCloseTo((0.05 + 0.55 + 0.35 + 0.95) / 4, 12);
  expect(s.confusionMatrix[1]).toEqual([0, 0, 1, 0]);
});
