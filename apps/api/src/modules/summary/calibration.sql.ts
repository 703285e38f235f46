/**
 * Calibration of the labelled samples, from the groups `g`: per confidence bin the share right
 * and the mean confidence; the expected calibration error Σ_b (n_b / N)·|accuracy_b − confidence_b|;
 * the mean confidence of right and of wrong predictions.
 */
import { Prisma } from '../../generated/prisma/client';

export interface Calibration {
  bins: { bin: number; n: number; accuracy: number; confidence: number }[];
  ece: number | null;
  meanCorrect: number | null;
  meanWrong: number | null;
}

export const CALIBRATION_CTES = Prisma.sql`
  bins AS (
    SELECT bin, sum(n) AS n, coalesce(sum(n) FILTER (WHERE t = p), 0) / sum(n) AS accuracy, sum(conf) / sum(n) AS confidence
    FROM g WHERE t IS NOT NULL GROUP BY bin
  )`;

export const CALIBRATION_JSON = Prisma.sql`json_build_object(
  'bins', (SELECT coalesce(json_agg(bins ORDER BY bin), '[]'::json) FROM bins),
  'ece', (SELECT sum(n * abs(accuracy - confidence)) / NULLIF(sum(n), 0) FROM bins),
  'meanCorrect', (SELECT sum(conf) FILTER (WHERE t = p) / NULLIF(sum(n) FILTER (WHERE t = p), 0) FROM g WHERE t IS NOT NULL),
  'meanWrong', (SELECT sum(conf) FILTER (WHERE t <> p) / NULLIF(sum(n) FILTER (WHERE t <> p), 0) FROM g WHERE t IS NOT NULL)
)`;
