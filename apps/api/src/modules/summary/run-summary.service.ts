/**
 * RunSummary: the classification statistics in one statement over the run's groups (summary.sql.ts),
 * and the task's own part (binary AUC, multi-label, regression) from its samples; shaped for GraphQL here.
 */
import type { PrismaClient } from '../../db/prisma';
import type { ModelTask } from '../../generated/prisma/enums';
import { binaryAuc } from './binary.sql';
import { multiLabelScores } from './multilabel.sql';
import { regressionScores } from './regression.sql';
import { CALIBRATION_BINS } from './run-groups.sql';
import { summaryRow, type SummaryRow } from './summary.sql';
import type { ClassContribution, RunSummary } from './run-summary.type';
import type { BinarySummary, MultiLabelSummary, RegressionSummary } from './task-summary.type';

/** The engine's decision threshold on σ for binary and multi-label heads. */
export const SIGMOID_THRESHOLD = 0.5;

type Model = { task: ModelTask; classNames: string[]; inputs: string[] };

function contributionsOf(row: SummaryRow, { classNames, inputs }: Model): ClassContribution[] {
  const byClass = new Map<number, ClassContribution>();
  // Regression samples are grouped under predicted class −1: they predict no class.
  for (const c of row.contributions.filter((x) => x.predictedClass >= 0)) {
    let entry = byClass.get(c.predictedClass);
    if (!entry) byClass.set(c.predictedClass, (entry = { predictedClass: c.predictedClass, className: classNames[c.predictedClass] ?? String(c.predictedClass), count: c.n, inputs: [] }));
    entry.inputs.push({ input: inputs[c.input] ?? `#${c.input}`, value: c.mean });
  }
  return [...byClass.values()];
}

/** The classification part, as a multiclass or binary run has it. */
function classification(row: SummaryRow, k: number, classNames: string[]) {
  const { classification: scores, calibration: calib } = row;
  const confusionMatrix = Array.from({ length: k }, () => Array<number>(k).fill(0));
  for (const { t, p, n } of scores.cells) confusionMatrix[t]![p] = n;
  const bins = new Map(calib.bins.map((b) => [b.bin, b]));
  return {
    labelled: scores.labelled,
    accuracy: scores.accuracy,
    balancedAccuracy: scores.balancedAccuracy,
    macroF1: scores.macroF1,
    quadraticWeightedKappa: scores.kappa,
    confusionMatrix,
    perClass: scores.perClass.map((c) => ({ ...c, className: classNames[c.classIndex]! })),
    meanConfidenceCorrect: calib.meanCorrect,
    meanConfidenceWrong: calib.meanWrong,
    expectedCalibrationError: calib.ece,
    calibration: Array.from({ length: CALIBRATION_BINS }, (_, b) => {
      const bin = bins.get(b);
      return { lower: b / CALIBRATION_BINS, upper: (b + 1) / CALIBRATION_BINS, count: bin?.n ?? 0, accuracy: bin?.accuracy ?? null, meanConfidence: bin?.confidence ?? null };
    }),
  };
}

/** Classification fields of a task that has none: undefined, not zeros. */
const NO_CLASSIFICATION = {
  accuracy: null,
  balancedAccuracy: null,
  macroF1: null,
  quadraticWeightedKappa: null,
  confusionMatrix: [],
  perClass: [],
  meanConfidenceCorrect: null,
  meanConfidenceWrong: null,
  expectedCalibrationError: null,
  calibration: [],
};

export class RunSummaryService {
  constructor(private readonly prisma: PrismaClient) {}

  async summary(runId: string): Promise<RunSummary> {
    const run = await this.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { model: { select: { classNames: true, inputs: true, task: true } } } });
    const { model } = run;
    const k = model.classNames.length;
    const row = await summaryRow(this.prisma, runId, k);
    const base = { task: model.task, count: row.count, contributions: contributionsOf(row, model), binary: null, multiLabel: null, regression: null };
    switch (model.task) {
      case 'MULTILABEL': {
        const multiLabel = await this.multiLabel(runId, model.classNames);
        return { ...base, ...NO_CLASSIFICATION, labelled: multiLabel.labelled, multiLabel: multiLabel.summary };
      }
      case 'REGRESSION': {
        const regression = await this.regression(runId, model.classNames);
        return { ...base, ...NO_CLASSIFICATION, contributions: [], labelled: regression.labelled, regression: regression.summary };
      }
      case 'BINARY': {
        const binary: BinarySummary = { positiveClass: 1, positiveClassName: model.classNames[1]!, threshold: SIGMOID_THRESHOLD, rocAuc: await binaryAuc(this.prisma, runId) };
        return { ...base, ...classification(row, k, model.classNames), binary };
      }
      default:
        return { ...base, ...classification(row, k, model.classNames) };
    }
  }

  private async multiLabel(runId: string, labels: string[]): Promise<{ labelled: number; summary: MultiLabelSummary }> {
    const s = await multiLabelScores(this.prisma, runId, labels.length);
    const perLabel = s.perLabel.map((l) => ({ labelIndex: l.label, labelName: labels[l.label]!, precision: l.precision, recall: l.recall, f1: l.f1, rocAuc: l.auc, support: l.support, predicted: l.predicted }));
    return {
      labelled: s.labelled,
      summary: { threshold: SIGMOID_THRESHOLD, exactMatchRatio: s.exactMatch, hammingLoss: s.hammingLoss, macroPrecision: s.macroPrecision, macroRecall: s.macroRecall, macroF1: s.macroF1, macroRocAuc: s.macroAuc, perLabel },
    };
  }

  private async regression(runId: string, outputs: string[]): Promise<{ labelled: number; summary: RegressionSummary }> {
    const { labelled, ...errors } = await regressionScores(this.prisma, runId);
    return { labelled, summary: { output: 0, outputName: outputs[0]!, ...errors } };
  }
}
