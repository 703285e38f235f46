/** The matched pairs of two runs (unique index run + externalId on both sides) and their outcomes. */
import { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';

/**
 * The label a pair is judged by, and its outcome, as SQL over the aliases b (base) and o (other).
 * Samples without a true class (multi-label ones) are judged by their own correct; regression
 * samples (correct null) are unlabelled.
 */
const OUTCOME = Prisma.sql`
  CASE WHEN coalesce(b."trueClass", o."trueClass") IS NULL THEN
         CASE WHEN b.correct IS NULL OR o.correct IS NULL THEN 'UNLABELLED'
              WHEN b.correct AND o.correct THEN 'BOTH_RIGHT'
              WHEN NOT b.correct AND NOT o.correct THEN 'BOTH_WRONG'
              WHEN NOT b.correct THEN 'FIXED'
              ELSE 'BROKEN' END
       WHEN b."predictedClass" = coalesce(b."trueClass", o."trueClass") AND o."predictedClass" = coalesce(b."trueClass", o."trueClass") THEN 'BOTH_RIGHT'
       WHEN b."predictedClass" <> coalesce(b."trueClass", o."trueClass") AND o."predictedClass" <> coalesce(b."trueClass", o."trueClass") THEN 'BOTH_WRONG'
       WHEN b."predictedClass" <> coalesce(b."trueClass", o."trueClass") THEN 'FIXED'
       ELSE 'BROKEN' END`;

export interface OutcomeCounts {
  matched: number;
  baseTotal: number;
  otherTotal: number;
  outcomes: Record<string, number>;
  changes: { fromClass: number; toClass: number; count: number }[];
}

export async function outcomeCounts(prisma: PrismaClient, baseRunId: string, otherRunId: string): Promise<OutcomeCounts> {
  const [row] = await prisma.$queryRaw<{ result: OutcomeCounts }[]>`
    WITH pairs AS (
      SELECT b."predictedClass" AS from_class, o."predictedClass" AS to_class, ${OUTCOME} AS outcome
      FROM "Sample" b JOIN "Sample" o ON o."runId" = ${otherRunId}::uuid AND o."externalId" = b."externalId"
      WHERE b."runId" = ${baseRunId}::uuid
    )
    SELECT json_build_object(
      'matched', (SELECT count(*) FROM pairs),
      'baseTotal', (SELECT count(*) FROM "Sample" WHERE "runId" = ${baseRunId}::uuid),
      'otherTotal', (SELECT count(*) FROM "Sample" WHERE "runId" = ${otherRunId}::uuid),
      'outcomes', (SELECT coalesce(json_object_agg(outcome, n), '{}'::json) FROM (SELECT outcome, count(*) AS n FROM pairs GROUP BY outcome) o),
      'changes', (SELECT coalesce(json_agg(json_build_object('fromClass', from_class, 'toClass', to_class, 'count', n) ORDER BY from_class, to_class), '[]'::json)
                  FROM (SELECT from_class, to_class, count(*) AS n FROM pairs WHERE from_class <> to_class GROUP BY 1, 2) c)
    ) AS result`;
  return row!.result;
}

export interface PairRow {
  externalId: string;
  baseId: string;
  otherId: string;
  outcome: string;
}

/** Matched pairs by externalId, after `after`, optionally of one outcome. */
export function pairRows(prisma: PrismaClient, baseRunId: string, otherRunId: string, options: { after?: string; outcome?: string; limit: number }): Promise<PairRow[]> {
  return prisma.$queryRaw<PairRow[]>`
    SELECT * FROM (
      SELECT b."externalId", b.id AS "baseId", o.id AS "otherId", ${OUTCOME} AS outcome
      FROM "Sample" b JOIN "Sample" o ON o."runId" = ${otherRunId}::uuid AND o."externalId" = b."externalId"
      WHERE b."runId" = ${baseRunId}::uuid AND (${options.after ?? null}::text IS NULL OR b."externalId" > ${options.after ?? null}::text)
    ) p
    WHERE ${options.outcome ?? null}::text IS NULL OR outcome = ${options.outcome ?? null}::text
    ORDER BY "externalId" LIMIT ${options.limit}`;
}
