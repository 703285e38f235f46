/**
 * A batch run of synthetic samples written by one SQL statement, for benchmarks and tests of the
 * queries (summary, filters, pages) at sizes the engine would take hours to produce. Values are
 * drawn from a seeded generator: ~5% unlabelled, ~70% of the rest right, confidences 0.25..1.
 */
import type { PrismaClient } from '../db/prisma';

export async function createSyntheticRun(prisma: PrismaClient, modelId: string, samples: number, options: { name?: string; seed?: number } = {}): Promise<string> {
  // Only the columns every migration has: the migrations test runs this on a database migrated part way.
  const model = await prisma.model.findUniqueOrThrow({ where: { id: modelId }, select: { classNames: true, inputs: true } });
  const k = model.classNames.length;
  const m = model.inputs.length;
  const run = await prisma.run.create({
    data: { modelId, kind: 'BATCH', name: options.name ?? `synthetic ${samples}`, method: 'gradcam', status: 'COMPLETED', total: samples, doneCount: samples, startedAt: new Date(), finishedAt: new Date() },
  });
  await prisma.$transaction([
    prisma.$executeRaw`SELECT setseed(${options.seed ?? 0.42})`,
    prisma.$executeRaw`
      INSERT INTO "Sample" ("id", "runId", "externalId", "trueClass", "predictedClass", "targetClass", "confidence", "probabilities", "correct", "method", "device", "branchContributions", "engineMs")
      SELECT gen_random_uuid(), ${run.id}::uuid, 'syn-' || lpad(i::text, 7, '0'), t, p, p, c,
             ARRAY(SELECT CASE WHEN j = p THEN c ELSE (1 - c) / GREATEST(${k}::int - 1, 1) END FROM generate_series(0, ${k}::int - 1) j),
             CASE WHEN t IS NULL THEN NULL ELSE t = p END, 'gradcam', 'cpu',
             ARRAY(SELECT round((random() * 3 - 1 + 0 * i)::numeric, 4)::float8 FROM generate_series(1, ${m}::int)),
             5
      FROM (
        SELECT i, t, CASE WHEN t IS NOT NULL AND r < 0.7 THEN t ELSE floor(random() * ${k}::int)::int END AS p, 0.25 + 0.75 * random() AS c
        FROM (SELECT i, CASE WHEN random() < 0.05 THEN NULL ELSE floor(random() * ${k}::int)::int END AS t, random() AS r FROM generate_series(1, ${samples}::int) i) labelled
      ) drawn`,
  ]);
  await prisma.$executeRaw`ANALYZE "Sample"`;
  return run.id;
}
