/** A batch run as the fault tests follow it: started over GraphQL, awaited, its rows and files checked. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PrismaClient } from '../../src/db/prisma';
import { type GraphQLCall, ok } from './test-api';
import { waitFor } from './wait-for';

export const START_BATCH = `mutation($input: StartBatchInput!) { startBatch(input: $input) { id status kind method dataset progress { total done failed } } }`;
export const RUN_STATE = `query($id: ID!) { run(id: $id) { status startedAt finishedAt progress { total done failed } failures { externalId error } } }`;

export async function startBatchRun(gql: GraphQLCall, input: Record<string, unknown>): Promise<string> {
  const modelId = ok(await gql('{ models { id } }')).models[0].id;
  return ok(await gql(START_BATCH, { input: { modelId, dataset: 'demo/samples', ...input } })).startBatch.id;
}

export async function runState(gql: GraphQLCall, runId: string) {
  return ok(await gql(RUN_STATE, { id: runId })).run;
}

/** Waits until the run is completed or cancelled; its state then. */
export function runFinished(gql: GraphQLCall, runId: string, timeoutMs = 90_000) {
  return waitFor(`run ${runId} to finish`, async () => {
    const run = await runState(gql, runId);
    return run.status === 'COMPLETED' || run.status === 'CANCELLED' ? run : undefined;
  }, timeoutMs);
}

/** The run's stored samples' externalIds (a list: a duplicate would show). */
export async function storedExternalIds(prisma: PrismaClient, runId: string): Promise<string[]> {
  return (await prisma.sample.findMany({ where: { runId }, select: { externalId: true } })).map((s) => s.externalId).sort();
}

/** Sample folders on disk that no stored sample owns, and stored samples whose folder is missing. */
export async function artifactMismatch(prisma: PrismaClient, artifactDir: string, runId: string): Promise<{ orphans: string[]; missing: string[] }> {
  const dir = join(artifactDir, 'runs', runId);
  const onDisk = new Set(existsSync(dir) ? readdirSync(dir) : []);
  const stored = new Set((await prisma.sample.findMany({ where: { runId }, select: { id: true } })).map((s) => s.id));
  return { orphans: [...onDisk].filter((d) => !stored.has(d)), missing: [...stored].filter((id) => !onDisk.has(id)) };
}
