/**
 * A multi-label run's scores over its labelled samples (correct IS NOT NULL): per label tp /
 * predicted / support, precision, recall and F1 (0 where undefined, as for classes) and ROC AUC of
 * σ against the label's truth; their macro means (P/R/F1 over the labels that occur as true or
 * predicted, AUC over the labels where it is defined); the exact-match ratio and Hamming loss.
 */
import type { PrismaClient } from '../../db/prisma';
import { AUC_CTES } from './auc.sql';

export interface LabelScores {
  label: number;
  tp: number;
  predicted: number;
  support: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number | null;
}

export interface MultiLabelScores {
  labelled: number;
  exactMatch: number | null;
  hammingLoss: number | null;
  macroPrecision: number | null;
  macroRecall: number | null;
  macroF1: number | null;
  macroAuc: number | null;
  perLabel: LabelScores[];
}

export async function multiLabelScores(prisma: PrismaClient, runId: string, labels: number): Promise<MultiLabelScores> {
  const [row] = await prisma.$queryRaw<{ scores: MultiLabelScores }[]>`
    WITH labelled AS (
      SELECT "predictedLabels" AS pl, "trueLabels" AS tl, probabilities AS pr, correct
      FROM "Sample" WHERE "runId" = ${runId}::uuid AND correct IS NOT NULL
    ),
    k AS (SELECT l FROM generate_series(0, ${labels}::int - 1) AS l),
    scored AS (SELECT k.l AS key, k.l = ANY (tl) AS pos, pr[k.l + 1] AS score FROM k CROSS JOIN labelled),
    ${AUC_CTES},
    counts AS (
      SELECT k.l AS label,
             count(*) FILTER (WHERE k.l = ANY (pl) AND k.l = ANY (tl))::float8 AS tp,
             count(*) FILTER (WHERE k.l = ANY (pl))::float8 AS predicted,
             count(*) FILTER (WHERE k.l = ANY (tl))::float8 AS support
      FROM k LEFT JOIN labelled ON true GROUP BY k.l
    ),
    rates AS (
      SELECT *, CASE WHEN predicted > 0 THEN tp / predicted ELSE 0 END AS "precision",
                CASE WHEN support > 0 THEN tp / support ELSE 0 END AS recall
      FROM counts
    ),
    per_label AS (
      SELECT rates.*, CASE WHEN "precision" + recall > 0 THEN 2 * "precision" * recall / ("precision" + recall) ELSE 0 END AS f1, auc.auc
      FROM rates LEFT JOIN auc ON auc.key = rates.label
    ),
    n AS (SELECT count(*)::float8 AS n FROM labelled)
    SELECT json_build_object(
      'labelled', (SELECT n FROM n),
      'exactMatch', (SELECT avg(correct::int) FROM labelled),
      'hammingLoss', (SELECT sum(predicted + support - 2 * tp) / NULLIF((SELECT n FROM n) * ${labels}::int, 0) FROM per_label),
      'macroPrecision', (SELECT avg("precision") FILTER (WHERE support > 0 OR predicted > 0) FROM per_label),
      'macroRecall', (SELECT avg(recall) FILTER (WHERE support > 0 OR predicted > 0) FROM per_label),
      'macroF1', (SELECT avg(f1) FILTER (WHERE support > 0 OR predicted > 0) FROM per_label),
      'macroAuc', (SELECT avg(auc) FROM per_label),
      'perLabel', (SELECT json_agg(per_label ORDER BY label) FROM per_label)
    ) AS scores`;
  return row!.scores;
}
