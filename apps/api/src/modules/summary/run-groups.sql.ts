/**
 * The one scan of a run's samples that every summary statistic is computed from: counts and sums
 * per (true class, predicted class, confidence bin), ≤ (k + 1)·k·10 groups whatever the run's size.
 * Bins are (b/10, (b+1)/10], with a confidence of 0 in the first.
 */
import { Prisma } from '../../generated/prisma/client';

export const CALIBRATION_BINS = 10;

/** CTE `g`: t, p, bin, n (samples), conf (Σ confidence), nc (samples with contributions), csum (Σ contribution per input). */
export function runGroups(runId: string, inputs: number): Prisma.Sql {
  const sums = Array.from({ length: inputs }, (_, i) => Prisma.sql`sum("branchContributions"[${i + 1}::int])`);
  return Prisma.sql`
    g AS (
      SELECT "trueClass" AS t, "predictedClass" AS p,
             LEAST(GREATEST(ceil(confidence * ${CALIBRATION_BINS}::int)::int - 1, 0), ${CALIBRATION_BINS}::int - 1) AS bin,
             count(*)::float8 AS n, sum(confidence) AS conf,
             (count(*) FILTER (WHERE cardinality("branchContributions") > 0))::float8 AS nc,
             ARRAY[${Prisma.join(sums)}]::float8[] AS csum
      FROM "Sample" WHERE "runId" = ${runId}::uuid
      GROUP BY 1, 2, 3
    )`;
}
