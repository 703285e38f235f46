-- RunGroup's upsert in static SQL, whose plan PL/pgSQL keeps: run_groups_sync ran it through
-- EXECUTE, planned anew on every insert (~0.8 ms of each analyzeSample). One function adds any
-- set of samples to their runs' groups; the triggers hand it the inserted samples or, after an
-- update or delete, the changed runs' samples once their groups are dropped.
CREATE FUNCTION run_groups_add(samples "Sample"[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  WITH s AS (
    SELECT "runId", coalesce("trueClass", -1) AS t, "predictedClass" AS p,
           LEAST(GREATEST(ceil(confidence * 10)::int - 1, 0), 9) AS b,
           confidence, "branchContributions" AS c
    FROM unnest(samples) AS sample
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
    END;
END $fn$;

CREATE OR REPLACE FUNCTION run_groups_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  runs uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM run_groups_add(ARRAY(SELECT i::"Sample" FROM inserted AS i));
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    runs := ARRAY(SELECT "runId" FROM removed UNION SELECT "runId" FROM inserted);
  ELSE
    runs := ARRAY(SELECT DISTINCT "runId" FROM removed);
  END IF;
  DELETE FROM "RunGroup" WHERE "runId" = ANY (runs);
  PERFORM run_groups_add(ARRAY(SELECT s FROM "Sample" AS s WHERE "runId" = ANY (runs)));
  RETURN NULL;
END $fn$;
