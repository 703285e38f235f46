/**
 * RunSummary computed the plain way, from a run's rows, for the tests to hold the SQL against.
 * Definitions as in sklearn: precision/recall/F1 with zero_division=0, balanced accuracy over the
 * classes that occur, macro-F1 over the classes that occur as true or predicted class; kappa
 * weighted by (i − j)² over the model's classes; ECE over 10 bins (lower, upper].
 */
export interface ReferenceRow {
  trueClass: number | null;
  predictedClass: number;
  confidence: number;
  branchContributions: number[];
}

/** Stored rows of a multiclass or binary run, whose class and confidence columns are always set. */
type StoredRow = Omit<ReferenceRow, 'predictedClass' | 'confidence'> & { predictedClass: number | null; confidence: number | null };

function classified(rows: readonly StoredRow[]): ReferenceRow[] {
  return rows.map((r) => {
    if (r.predictedClass === null || r.confidence === null) throw new Error('a classification run holds a sample without a predicted class');
    return { ...r, predictedClass: r.predictedClass, confidence: r.confidence };
  });
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function referenceSummary(stored: readonly StoredRow[], k: number, inputs: string[]) {
  const rows = classified(stored);
  const labelled = rows.filter((r) => r.trueClass !== null) as (ReferenceRow & { trueClass: number })[];
  const n = labelled.length;
  const cm = Array.from({ length: k }, () => Array<number>(k).fill(0));
  for (const r of labelled) cm[r.trueClass]![r.predictedClass]!++;
  const perClass = Array.from({ length: k }, (_, c) => {
    const tp = cm[c]![c]!;
    const support = cm[c]!.reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((a, row) => a + row[c]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    return { classIndex: c, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support, predicted };
  });
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      observed += cm[i]![j]! * (i - j) ** 2;
      expected += (perClass[i]!.support * perClass[j]!.predicted * (i - j) ** 2) / n;
    }
  const bins = Array.from({ length: 10 }, () => ({ n: 0, right: 0, conf: 0 }));
  for (const r of labelled) {
    const b = Math.min(Math.max(Math.ceil(r.confidence * 10) - 1, 0), 9);
    bins[b]!.n++;
    bins[b]!.conf += r.confidence;
    if (r.trueClass === r.predictedClass) bins[b]!.right++;
  }
  const contributions = [...new Set(rows.filter((r) => r.branchContributions.length).map((r) => r.predictedClass))].sort((a, b) => a - b).map((p) => {
    const of = rows.filter((r) => r.predictedClass === p && r.branchContributions.length);
    return { predictedClass: p, count: of.length, inputs: inputs.map((input, i) => ({ input, value: mean(of.map((r) => r.branchContributions[i]!))! })) };
  });
  return {
    count: rows.length,
    labelled: n,
    accuracy: n ? labelled.filter((r) => r.trueClass === r.predictedClass).length / n : null,
    balancedAccuracy: mean(perClass.filter((c) => c.support > 0).map((c) => c.recall)),
    macroF1: mean(perClass.filter((c) => c.support > 0 || c.predicted > 0).map((c) => c.f1)),
    quadraticWeightedKappa: expected > 0 ? 1 - observed / expected : null,
    confusionMatrix: cm,
    perClass,
    meanConfidenceCorrect: mean(labelled.filter((r) => r.trueClass === r.predictedClass).map((r) => r.confidence)),
    meanConfidenceWrong: mean(labelled.filter((r) => r.trueClass !== r.predictedClass).map((r) => r.confidence)),
    expectedCalibrationError: n ? bins.reduce((a, b) => a + (b.n ? (b.n / n) * Math.abs(b.right / b.n - b.conf / b.n) : 0), 0) : null,
    calibration: bins.map((b, i) => ({ lower: i / 10, upper: (i + 1) / 10, count: b.n, accuracy: b.n ? b.right / b.n : null, meanConfidence: b.n ? b.conf / b.n : null })),
    contributions,
  };
}
