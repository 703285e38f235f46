/**
 * The statements that store samples. Samples' rows and their heat maps' go in with one statement:
 * PostgreSQL builds the typed rows from JSON (json_populate_recordset takes each table's own row
 * type), which costs a fraction of the client's createMany calls: those compile and serialise
 * every value in this process, ~10 ms for a sample with four 32×32 grids, on the path of every
 * analyzeSample.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PrismaClient, Tx } from '../db/prisma';
import type { SavedSample } from './sample-writer';

const INSERT_ROWS = `
  WITH samples AS (INSERT INTO "Sample" SELECT * FROM json_populate_recordset(NULL::"Sample", $1::json))
  INSERT INTO "Heatmap" SELECT * FROM json_populate_recordset(NULL::"Heatmap", $2::json)`;

function rowsJson(saved: readonly SavedSample[]): [string, string] {
  const samples = JSON.stringify(saved.map((r) => r.sample));
  // bytea from JSON text: the hex input form.
  const heatmaps = JSON.stringify(saved.flatMap((r) => r.heatmaps.map((h) => ({ ...h, id: randomUUID(), grid: `\\x${Buffer.from(h.grid).toString('hex')}` }))));
  return [samples, heatmaps];
}

/** Through Prisma: inside a Prisma transaction, or as one statement of its own. */
export async function insertSampleRows(tx: Tx | PrismaClient, saved: readonly SavedSample[]): Promise<void> {
  await tx.$executeRawUnsafe(INSERT_ROWS, ...rowsJson(saved));
}

/**
 * Straight through pg (analyzeSample's path): on the pool, the statement commits on its own. A
 * named statement is parsed and planned once per connection, not on every call (~0.4 ms each).
 */
export async function insertSampleRowsPg(pool: pg.Pool, saved: readonly SavedSample[]): Promise<void> {
  await pool.query({ name: 'insert-sample-rows', text: INSERT_ROWS, values: rowsJson(saved) });
}

/**
 * Whether the run already holds a sample with this externalId: analyzeSample's check before the
 * engine runs, straight through pg as a named statement (Prisma's findUnique took ~1 ms more of
 * the time the images decode in).
 */
export async function sampleExists(pool: pg.Pool, runId: string, externalId: string): Promise<boolean> {
  const { rowCount } = await pool.query({ name: 'sample-exists', text: 'SELECT 1 FROM "Sample" WHERE "runId" = $1 AND "externalId" = $2', values: [runId, externalId] });
  return (rowCount ?? 0) > 0;
}
