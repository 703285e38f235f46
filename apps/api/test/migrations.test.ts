/**
 * The committed migrations build exactly what schema.prisma describes, and are recorded the way
 * `prisma migrate deploy` records them (so either tool can take over a database).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { applyMigrations, MIGRATIONS_DIR, readMigrations, schemaDrift } from '../src/db/migrations';
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
