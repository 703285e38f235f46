/**
 * The committed migrations (prisma/migrations/<name>/migration.sql), read as Prisma's CLI reads
 * them, applied to a database, and diffed against schema.prisma.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type MigrationList, NO_FILTER, withSchemaEngine } from './schema-engine';

export const PRISMA_DIR = resolve(__dirname, '../../prisma');
export const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations');
export const SCHEMA_FILE = join(PRISMA_DIR, 'schema.prisma');
const LOCK_FILE = 'migration_lock.toml';

export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = join(dir, LOCK_FILE);
  const folders = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
  return {
    baseDir: dir,
    lockfile: { path: LOCK_FILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    migrationDirectories: folders.map((name) => {
      const file = join(dir, name, 'migration.sql');
      const content = existsSync(file) ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') } : { tag: 'error' as const, value: `${file} not found` };
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
    shadowDbInitScript: '',
  };
}

/** Applies the migrations not yet applied (`prisma migrate deploy`); returns their names. */
export async function applyMigrations(url: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrationsList = readMigrations(dir);
  const { appliedMigrationNames } = await withSchemaEngine(url, undefined, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
  return appliedMigrationNames;
}

export function readSchema(): { path: string; content: string } {
  return { path: SCHEMA_FILE, content: readFileSync(SCHEMA_FILE, 'utf8') };
}

/**
 * The SQL that would bring the database at `url` to schema.prisma; empty when they agree. (The
 * WASM engine has no shadow database of its own for Postgres: to compare the migrations with the
 * schema, apply them to a scratch database first.)
 */
export async function schemaDrift(url: string): Promise<string> {
  const schema = readSchema();
  const { stdout } = await withSchemaEngine(url, schema, (engine) =>
    engine.diff({
      from: { tag: 'schemaDatasource', files: [schema], configDir: PRISMA_DIR },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    }),
  );
  return (stdout ?? '').replace(/^-- This is an empty migration\.\s*$/m, '').trim();
}

/** `<UTC yyyymmddhhmmss>_<name>`, as `prisma migrate dev` names migration folders. */
export function migrationFolderName(name: string, now = new Date()): string {
  return `${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}_${name}`;
}
