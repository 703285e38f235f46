/** A scratch database for a benchmark: DATABASE_URL's server if set, else an embedded one in a temp folder. */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { freePort } from '../db/free-port';
import { applyMigrations } from '../db/migrations';

export interface BenchDatabase {
  url: string;
  close(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const name = `gradcam_bench_${process.pid}`;
  const configured = process.env.DATABASE_URL;
  if (configured) {
    const admin = new pg.Client({ connectionString: configured });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(configured);
    url.pathname = `/${name}`;
    await applyMigrations(url.toString());
    return {
      url: url.toString(),
      async close() {
        const c = new pg.Client({ connectionString: configured });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'gradcam-bench-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  await server.ensureDatabase(name);
  await applyMigrations(server.url(name));
  return {
    url: server.url(name),
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
