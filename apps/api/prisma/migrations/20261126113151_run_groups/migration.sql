-- CreateTable
CREATE TABLE "RunGroup" (
    "runId" UUID NOT NULL,
    "trueClass" INTEGER NOT NULL,
    "predictedClass" INTEGER NOT NULL,
    "bin" INTEGER NOT NULL,
    "count" DOUBLE PRECISION NOT NULL,
    "confidenceSum" DOUBLE PRECISION NOT NULL,
    "contributionCount" DOUBLE PRECISION NOT NULL,
    "contributionSums" DOUBLE PRECISION[],

    CONSTRAINT "RunGroup_pkey" PRIMARY KEY ("runId","trueClass","predictedClass","bin")
);

-- AddForeignKey
ALTER TABLE "RunGroup" ADD CONSTRAINT "RunGroup_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keeps "RunGroup": inserted samples are added to their run's groups, one upsert per statement
-- (a batch chunk, or a bulk insert of any size). Samples updated or deleted (GradCAM Studio does
-- neither; a run's samples go with it) have their runs' groups summed again from "Sample". The
-- bin formula is RunSummary's calibration bins (10 of them).
CREATE FUNCTION run_groups_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  source text := 'inserted';
BEGIN
  IF TG_OP = 'UPDATE' THEN
    CREATE TEMPORARY TABLE IF NOT EXISTS run_groups_changed ("runId" uuid) ON COMMIT DROP;
    INSERT INTO run_groups_changed SELECT "runId" FROM removed UNION SELECT "runId" FROM inserted;
  ELSIF TG_OP = 'DELETE' THEN
    CREATE TEMPORARY TABLE IF NOT EXISTS run_groups_changed ("runId" uuid) ON COMMIT DROP;
    INSERT INTO run_groups_changed SELECT DISTINCT "runId" FROM removed;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "RunGroup" WHERE "runId" IN (SELECT "runId" FROM run_groups_changed);
    source := '(SELECT * FROM "Sample" WHERE "runId" IN (SELECT "runId" FROM run_groups_changed))';
  END IF;
  EXECUTE format($sql$
    WITH s AS (
      SELECT "runId", coalesce("trueClass", -1) AS t, "predictedClass" AS p,
             LEAST(GREATEST(ceil(confidence * 10)::int - 1, 0), 9) AS b,
             confidence, "branchContributions" AS c
      FROM %s AS samples
    ),
    totals AS (
      SELECT "runId", t, p, b, count(*)::float8 AS n, sum(confidence) AS conf,
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
      END
  $sql$, source);
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM run_groups_changed;
  END IF;
  RETURN NULL;
END $fn$;

CREATE TRIGGER "Sample_run_groups_insert" AFTER INSERT ON "Sample"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION run_groups_sync();
CREATE TRIGGER "Sample_run_groups_update" AFTER UPDATE ON "Sample"
  REFERENCING OLD TABLE AS removed NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION run_groups_sync();
CREATE TRIGGER "Sample_run_groups_delete" AFTER DELETE ON "Sample"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION run_groups_sync();

-- Samples stored before this migration: copied through a temporary table with the same insert
-- trigger, so that they are summed by the very function that sums new ones.
CREATE TEMPORARY TABLE "SampleBackfill" (LIKE "Sample");
CREATE TRIGGER "SampleBackfill_run_groups" AFTER INSERT ON "SampleBackfill"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION run_groups_sync();
INSERT INTO "SampleBackfill" SELECT * FROM "Sample";
DROP TABLE "SampleBackfill";
