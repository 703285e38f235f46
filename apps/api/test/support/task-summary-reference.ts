/**
 * The task parts of RunSummary computed the plain way from a run's rows, for the tests to hold
 * the SQL against. ROC AUC by counting every (positive, negative) pair, a tie as one half: the
 * definition, not the rank formula the SQL uses. Precision / recall / F1 with zero_division=0,
 * macro means over the labels that occur as true or predicted, AUC's over the labels where it
 * is defined.
 */
const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function pairwiseAuc(scored: readonly { score: number; positive: boolean }[]): number | null {
  const pos = scored.filter((s) => s.positive).map((s) => s.score);
  const neg = scored.filter((s) => !s.positive).map((s) => s.score);
  if (!pos.length || !neg.length) return null;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

export interface BinaryRow {
  trueClass: number | null;
  probabilities: number[];
}

export function binaryReference(rows: readonly BinaryRow[]) {
  const labelled = rows.filter((r) => r.trueClass !== null);
  return { positiveClass: 1, threshold: 0.5, rocAuc: pairwiseAuc(labelled.map((r) => ({ score: r.probabilities[1]!, positive: r.trueClass === 1 }))) };
}

export interface MultiLabelRow {
  probabilities: number[];
  predictedLabels: number[];
  trueLabels: number[];
  correct: boolean | null;
}

export function multiLabelReference(rows: readonly MultiLabelRow[], names: readonly string[]) {
  const labelled = rows.filter((r) => r.correct !== null);
  const n = labelled.length;
  const perLabel = names.map((labelName, k) => {
    const isTrue = (r: MultiLabelRow): boolean => r.trueLabels.includes(k);
    const isPredicted = (r: MultiLabelRow): boolean => r.predictedLabels.includes(k);
    const tp = labelled.filter((r) => isTrue(r) && isPredicted(r)).length;
    const predicted = labelled.filter(isPredicted).length;
    const support = labelled.filter(isTrue).length;
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    const rocAuc = pairwiseAuc(labelled.map((r) => ({ score: r.probabilities[k]!, positive: isTrue(r) })));
    return { labelIndex: k, labelName, precision, recall, f1, rocAuc, support, predicted };
  });
  const occurring = perLabel.filter((l) => l.support > 0 || l.predicted > 0);
  let wrongPairs = 0;
  for (const r of labelled) for (let k = 0; k < names.length; k++) wrongPairs += Number(r.trueLabels.includes(k) !== r.predictedLabels.includes(k));
  const sameSet = (r: MultiLabelRow): boolean => [...r.trueLabels].sort().join() === [...r.predictedLabels].sort().join();
  return {
    labelled: n,
    summary: {
      threshold: 0.5,
      exactMatchRatio: n ? labelled.filter(sameSet).length / n : null,
      hammingLoss: n ? wrongPairs / (n * names.length) : null,
      macroPrecision: mean(occurring.map((l) => l.precision)),
      macroRecall: mean(occurring.map((l) => l.recall)),
      macroF1: mean(occurring.map((l) => l.f1)),
      macroRocAuc: mean(perLabel.flatMap((l) => (l.rocAuc === null ? [] : [l.rocAuc]))),
      perLabel,
    },
  };
}

export interface RegressionRow {
  values: number[];
  trueValue: number | null;
}

export function regressionReference(rows: readonly RegressionRow[], outputName: string) {
  const pairs = rows.filter((r) => r.trueValue !== null).map((r) => ({ p: r.values[0]!, t: r.trueValue! }));
  const n = pairs.length;
  const mp = mean(pairs.map((x) => x.p));
  const mt = mean(pairs.map((x) => x.t));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const { p, t } of pairs) {
    sxy += (p - mp!) * (t - mt!);
    sxx += (p - mp!) ** 2;
    syy += (t - mt!) ** 2;
  }
  return {
    labelled: n,
    summary: {
      output: 0,
      outputName,
      mae: mean(pairs.map((x) => Math.abs(x.p - x.t))),
      rmse: n ? Math.sqrt(mean(pairs.map((x) => (x.p - x.t) ** 2))!) : null,
      // Undefined for a constant side (PostgreSQL's corr gives null there, as here).
      pearson: n > 1 && sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null,
      meanTrue: mt,
      meanPredicted: mp,
    },
  };
}
