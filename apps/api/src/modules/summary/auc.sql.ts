/**
 * ROC AUC as the Mann-Whitney statistic, per key, from a CTE `scored(key, pos, score)`: positives'
 * rank sum R (ties take their mean rank) gives AUC = (R − P(P + 1)/2) / (P·N), which counts a
 * tied positive-negative pair as one half. Undefined (null) for a key without a positive or a
 * negative. Ranks need every row, so this reads the samples, not the run's groups.
 */
import { Prisma } from '../../generated/prisma/client';

/** CTE `auc(key, auc)` over `scored`. */
export const AUC_CTES = Prisma.sql`
  ranked AS (
    SELECT key, pos, (rank() OVER (PARTITION BY key ORDER BY score) + (count(*) OVER (PARTITION BY key, score) - 1) / 2.0)::float8 AS r
    FROM scored
  ),
  auc AS (
    SELECT key, CASE WHEN np > 0 AND nn > 0 THEN (rp - np * (np + 1) / 2) / (np * nn) END AS auc
    FROM (SELECT key, count(*) FILTER (WHERE pos)::float8 AS np, count(*) FILTER (WHERE NOT pos)::float8 AS nn,
                 coalesce(sum(r) FILTER (WHERE pos), 0) AS rp
          FROM ranked GROUP BY key) counts
  )`;
