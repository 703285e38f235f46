/** Mean branch contribution per (predicted class, input), from the groups `g`, over the samples that have them. */
import { Prisma } from '../../generated/prisma/client';

export interface ContributionMean {
  predictedClass: number;
  /** 0-based position in the model's inputs. */
  input: number;
  mean: number;
  n: number;
}

export const CONTRIBUTION_CTES = Prisma.sql`
  contribution_sums AS (
    SELECT g.p, (u.i - 1)::int AS input, sum(u.v) AS total
    FROM g CROSS JOIN LATERAL unnest(g.csum) WITH ORDINALITY AS u(v, i)
    GROUP BY g.p, u.i
  ),
  contribution_counts AS (SELECT p, sum(nc) AS n FROM g GROUP BY p)`;

export const CONTRIBUTIONS_JSON = Prisma.sql`(
  SELECT coalesce(json_agg(json_build_object('predictedClass', s.p, 'input', s.input, 'mean', s.total / c.n, 'n', c.n) ORDER BY s.p, s.input), '[]'::json)
  FROM contribution_sums s JOIN contribution_counts c USING (p) WHERE c.n > 0
)`;
