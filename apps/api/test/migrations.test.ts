/**
 * The committed migrations build exactly what schema.prisma describes, and are recorded the way
 * `prisma migrate deploy` records them (so either tool can take over a database).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createSyntheticRun } from '../src/bench/synthetic-run';
import { applyMigrations, MIGRATIONS_DIR, readMigrations, schemaDrift } from '../src/db/migrations';
import { openDatabase } from '../src/db/prisma';
import { RunSummaryService } from '../src/modules/summary/run-summary.service';
import { expectCloseDeep } from './support/close-to';
import { referenceSummary } from './support/summary-reference';
import { createTestDatabase, type TestDatabase } from './support/test-postgres';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});
afterAll(() => db.drop());

test('the migrations apply to an empty database, once', async () => {
  const names = readMigrations().migrationDirectories.map((m) => m.path);
  expect(names.length).toBeGreaterThan(0);
  expect(await applyMigrations(db.url)).toEqual(names);
  expect(await applyMigrations(db.url)).toEqual([]);
});

test('schema.prisma and the migrations agree', async () => {
  expect(await schemaDrift(db.url)).toBe('');
});

test('applied migrations carry the checksums prisma migrate deploy writes', async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name');
    for (const row of rows) {
      const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  } finally {
    await client.end();
  }
});

test('samples stored before RunGroup existed are summed into it by its migration', async () => {
  const old = await createTestDatabase({ empty: true });
  const before = await mkdtemp(join(tmpdir(), 'gradcam-migrations-'));
  const database = openDatabase(old.url);
  const { prisma } = database;
  try {
    const all = readMigrations().migrationDirectories.map((m) => m.path);
    const from = all.findIndex((name) => name.endsWith('_run_groups'));
    for (const name of all.slice(0, from)) await cp(join(MIGRATIONS_DIR, name), join(before, name), { recursive: true });
    await cp(join(MIGRATIONS_DIR, 'migration_lock.toml'), join(before, 'migration_lock.toml'));
    await applyMigrations(old.url, before);
    // Raw SQL: the client knows columns that later migrations add.
    const model = { id: randomUUID(), inputs: ['a', 'b', 'c'] };
    await prisma.$executeRaw`INSERT INTO "Model" (id, name, version, sha256, path, inputs, "classNames", "targetLayers") VALUES (${model.id}::uuid, 'm', 1, 'x', 'm', ${model.inputs}, ${['c0', 'c1', 'c2', 'c3']}, '{}')`;
    const runId = await createSyntheticRun(prisma, model.id, 700, { seed: 0.3 });
    expect(await applyMigrations(old.url)).toEqual(all.slice(from));
    const rows = await prisma.sample.findMany({ where: { runId } });
    const { contributions, perClass, ...summary } = await new RunSummaryService(prisma).summary(runId);
    const { contributions: wantContributions, perClass: wantPerClass, ...want } = referenceSummary(rows, 4, model.inputs);
    expectCloseDeep(summary, want);
    expectCloseDeep(perClass.map(({ className: _name, ...c }) => c), wantPerClass);
    expectCloseDeep(contributions.map(({ className: _name, ...c }) => c), wantContributions);
  } finally {
    await database.close();
    await old.drop();
    await rm(before, { recursive: true, force: true });
  }
});
