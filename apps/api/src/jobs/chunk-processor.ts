/**
 * Analyses one chunk of a batch run: rows already stored (a retried job) are skipped, the others
 * are loaded, explained in one engine run and stored with the run's counters in one transaction.
 * A row that cannot be loaded or explained fails alone, with its reason. Chunks of a cancelled or
 * deleted run are dropped. A row's sample id follows from its run and externalId, so whatever a
 * killed try wrote for it is overwritten by the next try, or removed when the row fails.
 */
import { camResultOfRow, type CamEngine, type CamResult, InputError, type InputTensor, type LoadedSample, loadSampleFiles } from 'gradcam-core';
import type { ExplainedSample, SampleTruth } from '../analysis/explained-sample';
import type { SampleWriter } from '../analysis/sample-writer';
import type { PrismaClient, Tx } from '../db/prisma';
import { nameBasedUuid } from '../db/uuid';
import type { EnginePool } from '../engine/engine-pool';
import type { ArtifactStore } from '../storage/artifact-store';
import type { DataRoot } from '../storage/data-root';
import type { ChunkJob, ChunkRow } from './chunk-job';

export interface ChunkDeps {
  prisma: PrismaClient;
  engines: EnginePool;
  writer: SampleWriter;
  artifacts: ArtifactStore;
  dataRoot: DataRoot;
}

export interface ChunkOutcome {
  analysed: number;
  failed: number;
  skipped: number;
}

interface Failure {
  externalId: string;
  line: number;
  error: string;
}

type Loaded = { row: ChunkRow; sample: LoadedSample };

function stack(samples: readonly LoadedSample[]): Record<string, InputTensor> {
  const names = Object.keys(samples[0]!.inputs);
  return Object.fromEntries(
    names.map((name) => {
      const [, c, h, w] = samples[0]!.inputs[name]!.dims as [number, number, number, number];
      const data = new Float32Array(samples.length * c * h * w);
      samples.forEach((s, r) => data.set(s.inputs[name]!.data, r * c * h * w));
      return [name, { data, dims: [samples.length, c, h, w] }];
    }),
  );
}

/** One engine run for the chunk; if the engine refuses the batch's values, row by row, so only the bad row fails. */
async function explain(engine: CamEngine, samples: readonly LoadedSample[]): Promise<{ results: (CamResult | InputError)[]; ms: number }> {
  const started = performance.now();
  try {
    const out = await engine.run(stack(samples));
    return { results: samples.map((_, r) => camResultOfRow(out, r)), ms: (performance.now() - started) / samples.length };
  } catch (err) {
    if (!(err instanceof InputError) || samples.length === 1) {
      if (err instanceof InputError) return { results: [err], ms: 0 };
      throw err;
    }
    const results: (CamResult | InputError)[] = [];
    for (const s of samples) results.push(...(await explain(engine, [s])).results);
    return { results, ms: (performance.now() - started) / samples.length };
  }
}

const truthOf = (row: ChunkRow): SampleTruth => ({ trueClass: row.trueClass, trueLabels: row.trueLabels ?? null, trueValue: row.trueValue ?? null });

export const sampleIdOf = (runId: string, externalId: string): string => nameBasedUuid(runId, externalId);

/** The chunk's rows that no earlier try stored or recorded as failed. */
async function rowsToDo(prisma: PrismaClient, job: ChunkJob): Promise<ChunkRow[]> {
  const ids = job.rows.map((r) => r.externalId);
  const [stored, failedBefore] = await Promise.all([
    prisma.sample.findMany({ where: { runId: job.runId, externalId: { in: ids } }, select: { externalId: true } }),
    prisma.sampleFailure.findMany({ where: { runId: job.runId, externalId: { in: ids } }, select: { externalId: true } }),
  ]);
  const done = new Set([...stored, ...failedBefore].map((s) => s.externalId));
  return job.rows.filter((r) => !done.has(r.externalId));
}

/** Removes the files an earlier, killed try may have left for rows that now fail. */
const removeLeftovers = (artifacts: ArtifactStore, runId: string, failures: readonly Failure[]): Promise<unknown> =>
  Promise.all(failures.map((f) => artifacts.removeSample(runId, sampleIdOf(runId, f.externalId))));

export async function processChunk(deps: ChunkDeps, job: ChunkJob): Promise<ChunkOutcome> {
  const run = await deps.prisma.run.findUnique({ where: { id: job.runId }, include: { model: true } });
  if (!run || run.status === 'CANCELLED') return { analysed: 0, failed: 0, skipped: job.rows.length };
  await deps.prisma.run.updateMany({ where: { id: run.id, status: 'QUEUED' }, data: { status: 'RUNNING', startedAt: new Date() } });
  const todo = await rowsToDo(deps.prisma, job);

  const failures: Failure[] = [];
  const fail = (row: ChunkRow, error: string): void => void failures.push({ externalId: row.externalId, line: row.line, error });
  const engine = await deps.engines.engine({ id: run.model.id, path: deps.dataRoot.resolve(run.model.path, 'model path') }, run.method ?? undefined);
  const specs = engine.model.config.inputs;
  const loaded: Loaded[] = [];
  await Promise.all(
    todo.map(async (row) => {
      if (row.problem) return fail(row, row.problem);
      try {
        const files = Object.fromEntries(Object.entries(row.files).map(([input, path]) => [input, deps.dataRoot.resolve(path, `image for '${input}'`)]));
        loaded.push({ row, sample: await loadSampleFiles(specs, files) });
      } catch (err) {
        fail(row, (err as Error).message);
      }
    }),
  );
  loaded.sort((a, b) => a.row.line - b.row.line);

  const explained: ExplainedSample[] = [];
  if (loaded.length) {
    const { results, ms } = await explain(engine, loaded.map((l) => l.sample));
    results.forEach((cam, i) => {
      const { row, sample } = loaded[i]!;
      if (cam instanceof InputError) return fail(row, cam.message);
      explained.push({ id: sampleIdOf(run.id, row.externalId), externalId: row.externalId, truth: truthOf(row), method: run.method ?? engine.compiled.method, cam, engineMs: ms, display: sample.display });
    });
  }
  await removeLeftovers(deps.artifacts, run.id, failures);
  await deps.writer.save(run.id, run.model.inputs, explained, (tx) => recordChunk(tx, run.id, explained.length, failures));
  await completeIfDone(deps.prisma, run.id);
  return { analysed: explained.length, failed: failures.length, skipped: job.rows.length - todo.length };
}

async function recordChunk(tx: Tx, runId: string, analysed: number, failures: readonly Failure[]): Promise<void> {
  if (failures.length) await tx.sampleFailure.createMany({ data: failures.map((f) => ({ runId, ...f })) });
  await tx.run.update({ where: { id: runId }, data: { doneCount: { increment: analysed }, failedCount: { increment: failures.length } } });
}

/** The chunk's last try failed: its remaining rows are recorded as failed, so the run can finish. */
export async function failChunk({ prisma, artifacts }: Pick<ChunkDeps, 'prisma' | 'artifacts'>, job: ChunkJob, error: string): Promise<void> {
  const failures = (await rowsToDo(prisma, job)).map((r) => ({ externalId: r.externalId, line: r.line, error }));
  await removeLeftovers(artifacts, job.runId, failures);
  await prisma.$transaction(async (tx) => {
    if (!(await tx.run.findUnique({ where: { id: job.runId }, select: { id: true } }))) return;
    await recordChunk(tx, job.runId, 0, failures);
  });
  await completeIfDone(prisma, job.runId);
}

/** The chunk that brings the counters to the total completes the run (whichever worker it ran on). */
async function completeIfDone(prisma: PrismaClient, runId: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "Run" SET status = 'COMPLETED', "finishedAt" = now()
    WHERE id = ${runId}::uuid AND status = 'RUNNING' AND "doneCount" + "failedCount" >= total`;
}
