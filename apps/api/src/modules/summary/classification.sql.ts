/**
 * Classification scores from the groups `g`: the confusion cells, then per class tp / predicted /
 * support, precision, recall and F1, then the run-level scores. Quadratic weighted kappa:
 * 1 − Σ w·O / Σ w·E with w = (i − j)², E_ij = support_i · predicted_j / N (the (k − 1)²
 * normalisation of w cancels).
 */
import { Prisma } from '../../generated/prisma/client';

export interface ClassificationScores {
  labelled: number;
  accuracy: number | null;
  balancedAccuracy: number | null;
  macroF1: number | null;
  kappa: number | null;
  perClass: { classIndex: number; tp: number; predicted: number; support: number; precision: number; recall: number; f1: number }[];
  cells: { t: number; p: number; n: number }[];
}

export function classificationCtes(classes: number): Prisma.Sql {
  return Prisma.sql`
    cells AS (SELECT t, p, sum(n) AS n FROM g WHERE t IS NOT NULL GROUP BY t, p),
    per_class AS (
      SELECT k.c AS "classIndex",
             coalesce(sum(cells.n) FILTER (WHERE cells.t = k.c AND cells.p = k.c), 0) AS tp,
             coalesce(sum(cells.n) FILTER (WHERE cells.p = k.c), 0) AS predicted,
             coalesce(sum(cells.n) FILTER (WHERE cells.t = k.c), 0) AS support
      FROM generate_series(0, ${classes}::int - 1) AS k(c) LEFT JOIN cells ON cells.t = k.c OR cells.p = k.c
      GROUP BY k.c
    ),
    scores AS (
      SELECT *, CASE WHEN "precision" + recall > 0 THEN 2 * "precision" * recall / ("precision" + recall) ELSE 0 END AS f1
      FROM (SELECT *, CASE WHEN predicted > 0 THEN tp / predicted ELSE 0 END AS "precision",
                      CASE WHEN support > 0 THEN tp / support ELSE 0 END AS recall
            FROM per_class) with_rates
    ),
    total AS (SELECT coalesce(sum(n), 0) AS n FROM cells),
    kappa AS (
      SELECT (SELECT coalesce(sum(n * (t - p)::float8 ^ 2), 0) FROM cells) AS observed,
             (SELECT coalesce(sum(a.support * b.predicted * (a."classIndex" - b."classIndex")::float8 ^ 2), 0) FROM per_class a CROSS JOIN per_class b)
               / NULLIF((SELECT n FROM total), 0) AS expected
    )`;
}

export const CLASSIFICATION_JSON = Prisma.sql`json_build_object(
  'labelled', (SELECT n FROM total),
  'accuracy', (SELECT sum(tp) / NULLIF(sum(support), 0) FROM scores),
  'balancedAccuracy', (SELECT avg(recall) FILTER (WHERE support > 0) FROM scores),
  'macroF1', (SELECT avg(f1) FILTER (WHERE support > 0 OR predicted > 0) FROM scores),
  'kappa', (SELECT CASE WHEN expected > 0 THEN 1 - observed / expected END FROM kappa),
  'perClass', (SELECT json_agg(scores ORDER BY "classIndex") FROM scores),
  'cells', (SELECT coalesce(json_agg(json_build_object('t', t, 'p', p, 'n', n)), '[]'::json) FROM cells)
)`;
