/**
 * Calibration of a run's labelled samples: 10 equal-width confidence bins (lower, upper] (0 goes
 * to the first), the expected calibration error Σ_b (n_b / N)·|accuracy_b − confidence_b|, and
 * the mean confidence of right and of wrong predictions.
 */
import type { PrismaClient } from '../../db/prisma';

export const CALIBRATION_BINS = 10;

export interface CalibrationRow {
  bins: { bin: number; n: number; accuracy: number; confidence: number }[];
  ece: number | null;
  meanCorrect: number | null;
  meanWrong: number | null;
}

export async function calibration(prisma: PrismaClient, runId: string): Promise<CalibrationRow> {
  const [row] = await prisma.$queryRaw<{ calibration: CalibrationRow }[]>`
    WITH labelled AS (
      SELECT confidence AS c, correct,
             LEAST(GREATEST(ceil(confidence * ${CALIBRATION_BINS}::int)::int - 1, 0), ${CALIBRATION_BINS}::int - 1) AS bin
      FROM "Sample" WHERE "runId" = ${runId}::uuid AND correct IS NOT NULL
    ),
    bins AS (
      SELECT bin, count(*)::float8 AS n, avg(correct::int::float8) AS accuracy, avg(c) AS confidence FROM labelled GROUP BY bin
    )
    SELECT json_build_object(
      'bins', (SELECT coalesce(json_agg(bins ORDER BY bin), '[]'::json) FROM bins),
      'ece', (SELECT sum(n * abs(accuracy - confidence)) / NULLIF(sum(n), 0) FROM bins),
      'meanCorrect', (SELECT avg(c) FILTER (WHERE correct) FROM labelled),
      'meanWrong', (SELECT avg(c) FILTER (WHERE NOT correct) FROM labelled)
    ) AS calibration`;
  return row!.calibration;
}
