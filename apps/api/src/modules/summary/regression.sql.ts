/**
 * A regression run's errors on output 0 over the samples with a true value: MAE, RMSE and
 * Pearson's r (PostgreSQL's corr: null with fewer than two samples or a constant side).
 */
import type { PrismaClient } from '../../db/prisma';

export interface RegressionScores {
  labelled: number;
  mae: number | null;
  rmse: number | null;
  pearson: number | null;
  meanTrue: number | null;
  meanPredicted: number | null;
}

export async function regressionScores(prisma: PrismaClient, runId: string): Promise<RegressionScores> {
  const [row] = await prisma.$queryRaw<{ scores: RegressionScores }[]>`
    WITH pairs AS (
      SELECT "values"[1] AS predicted, "trueValue" AS truth
      FROM "Sample" WHERE "runId" = ${runId}::uuid AND "trueValue" IS NOT NULL AND cardinality("values") > 0
    )
    SELECT json_build_object(
      'labelled', count(*),
      'mae', avg(abs(predicted - truth)),
      'rmse', sqrt(avg((predicted - truth) ^ 2)),
      'pearson', corr(predicted, truth),
      'meanTrue', avg(truth),
      'meanPredicted', avg(predicted)
    ) AS scores FROM pairs`;
  return row!.scores;
}
