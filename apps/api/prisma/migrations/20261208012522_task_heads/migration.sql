-- CreateEnum
CREATE TYPE "ModelTask" AS ENUM ('MULTICLASS', 'BINARY', 'MULTILABEL', 'REGRESSION');

-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "task" "ModelTask" NOT NULL DEFAULT 'MULTICLASS';

-- AlterTable
ALTER TABLE "Sample" ADD COLUMN     "predictedLabels" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "trueLabels" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "trueValue" DOUBLE PRECISION,
ADD COLUMN     "values" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ALTER COLUMN "predictedClass" DROP NOT NULL,
ALTER COLUMN "confidence" DROP NOT NULL;

-- Models registered before this migration were multiclass or binary; a binary one is told by
-- its gradcam.json, which registerModel reads again: re-registering it corrects its task.

-- RunGroup for samples without a class prediction (regression): predictedClass -1, confidence
-- bin 0, no confidence summed. Their summaries come from "Sample" itself (regression.sql.ts);
-- the groups still count them.
CREATE OR REPLACE FUNCTION run_groups_add(samples "Sample"[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  WITH s AS (
    SELECT "runId", coalesce("trueClass", -1) AS t, coalesce("predictedClass", -1) AS p,
           coalesce(LEAST(GREATEST(ceil(confidence * 10)::int - 1, 0), 9), 0) AS b,
           confidence, "branchContributions" AS c
    FROM unnest(samples) AS sample
  ),
  totals AS (
    SELECT "runId", t, p, b, count(*)::float8 AS n, coalesce(sum(confidence), 0) AS conf,
           (count(*) FILTER (WHERE cardinality(c) > 0))::float8 AS nc
    FROM s GROUP BY 1, 2, 3, 4
  ),
  per_input AS (
    SELECT "runId", t, p, b, array_agg(v ORDER BY i) AS sums
    FROM (SELECT "runId", t, p, b, u.i, sum(u.v) AS v
          FROM s CROSS JOIN LATERAL unnest(s.c) WITH ORDINALITY AS u(v, i)
          GROUP BY 1, 2, 3, 4, 5) e
    GROUP BY 1, 2, 3, 4
  )
  INSERT INTO "RunGroup" AS g ("runId", "trueClass", "predictedClass", "bin", "count", "confidenceSum", "contributionCount", "contributionSums")
  SELECT totals."runId", totals.t, totals.p, totals.b, totals.n, totals.conf, totals.nc, coalesce(per_input.sums, '{}')
  FROM totals LEFT JOIN per_input USING ("runId", t, p, b)
  -- Rows locked in key order: concurrent inserts into one run cannot deadlock.
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("runId", "trueClass", "predictedClass", "bin") DO UPDATE SET
    "count" = g."count" + EXCLUDED."count",
    "confidenceSum" = g."confidenceSum" + EXCLUDED."confidenceSum",
    "contributionCount" = g."contributionCount" + EXCLUDED."contributionCount",
    "contributionSums" = CASE
      WHEN cardinality(g."contributionSums") = 0 THEN EXCLUDED."contributionSums"
      WHEN cardinality(EXCLUDED."contributionSums") = 0 THEN g."contributionSums"
      ELSE ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(g."contributionSums", EXCLUDED."contributionSums") AS z(x, y))
    END;
END $fn$;
