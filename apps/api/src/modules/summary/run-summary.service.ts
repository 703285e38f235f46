/** RunSummary: one statement (summary.sql.ts), its result shaped for GraphQL here. */
import type { PrismaClient } from '../../db/prisma';
import { CALIBRATION_BINS } from './run-groups.sql';
import { summaryRow } from './summary.sql';
import type { ClassContribution, RunSummary } from './run-summary.type';

export class RunSummaryService {
  constructor(private readonly prisma: PrismaClient) {}

  async summary(runId: string): Promise<RunSummary> {
    const run = await this.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { model: { select: { classNames: true, inputs: true } } } });
    const { classNames, inputs } = run.model;
    const k = classNames.length;
    const { count, classification: scores, calibration: calib, contributions } = await summaryRow(this.prisma, runId, k);
    const confusionMatrix = Array.from({ length: k }, () => Array<number>(k).fill(0));
    for (const { t, p, n } of scores.cells) confusionMatrix[t]![p] = n;
    const byClass = new Map<number, ClassContribution>();
    for (const c of contributions) {
      let entry = byClass.get(c.predictedClass);
      if (!entry) byClass.set(c.predictedClass, (entry = { predictedClass: c.predictedClass, className: classNames[c.predictedClass] ?? String(c.predictedClass), count: c.n, inputs: [] }));
      entry.inputs.push({ input: inputs[c.input] ?? `#${c.input}`, value: c.mean });
    }
    const bins = new Map(calib.bins.map((b) => [b.bin, b]));
    return {
      count,
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
      contributions: [...byClass.values()],
    };
  }
}
