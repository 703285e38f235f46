/** Mean branch contribution per (predicted class, input), over a run's samples that have them. */
import type { PrismaClient } from '../../db/prisma';

export interface ContributionRow {
  predictedClass: number;
  /** 0-based position in the model's inputs. */
  input: number;
  mean: number;
  n: number;
}

export async function contributionMeans(prisma: PrismaClient, runId: string): Promise<ContributionRow[]> {
  return prisma.$queryRaw<ContributionRow[]>`
    SELECT s."predictedClass", (u.i - 1)::int AS input, avg(u.v) AS mean, count(*)::int AS n
    FROM "Sample" s CROSS JOIN LATERAL unnest(s."branchContributions") WITH ORDINALITY AS u(v, i)
    WHERE s."runId" = ${runId}::uuid
    GROUP BY 1, 2 ORDER BY 1, 2`;
}

export async function sampleCount(prisma: PrismaClient, runId: string): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Sample" WHERE "runId" = ${runId}::uuid`;
  return row!.n;
}
