/**
 * A binary run's ROC AUC: the positive class's probability (probabilities[1], 0-based) against
 * the true classes of the labelled samples.
 */
import type { PrismaClient } from '../../db/prisma';
import { AUC_CTES } from './auc.sql';

export async function binaryAuc(prisma: PrismaClient, runId: string): Promise<number | null> {
  const [row] = await prisma.$queryRaw<{ auc: number | null }[]>`
    WITH scored AS (
      SELECT 0 AS key, "trueClass" = 1 AS pos, probabilities[2] AS score
      FROM "Sample" WHERE "runId" = ${runId}::uuid AND "trueClass" IS NOT NULL
    ), ${AUC_CTES}
    SELECT (SELECT auc FROM auc) AS auc`;
  return row?.auc ?? null;
}
