/**
 * The groups every summary statistic is computed from: a run's samples counted and summed per
 * (true class, predicted class, confidence bin), ≤ (k + 1)·k·10 rows whatever the run's size. They
 * are kept in "RunGroup" by a trigger on Sample inserts (migration run_groups), so a summary reads
 * those rows instead of scanning the samples. Bins are (b/10, (b+1)/10], a confidence of 0 in the first.
 */
import { Prisma } from '../../generated/prisma/client';

/** The bins of the migration's trigger. */
export const CALIBRATION_BINS = 10;

/** CTE `g`: t (null: unlabelled), p, bin, n (samples), conf (Σ confidence), nc (samples with contributions), csum (Σ contribution per input). */
export function runGroups(runId: string): Prisma.Sql {
  return Prisma.sql`
    g AS (
      SELECT NULLIF("trueClass", -1) AS t, "predictedClass" AS p, bin, "count" AS n, "confidenceSum" AS conf,
             "contributionCount" AS nc, "contributionSums" AS csum
      FROM "RunGroup" WHERE "runId" = ${runId}::uuid
    )`;
}
