/**
 * One real PostgreSQL for the whole test run, in a temp folder on a free port; the migrations are
 * applied once to a template database that each test file copies (CREATE DATABASE ... TEMPLATE).
 */
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { freePort } from '../../src/db/free-port';
import { applyMigrations } from '../../src/db/migrations';
import { adminQuery, publishPort, TEMPLATE_DATABASE } from './test-postgres';
import { setTestServer } from './test-server-handle';

export default async function globalSetup(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gradcam-api-test-'));
  await chmod(dir, 0o755); // postgres runs as its own user when the tests run as root
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  setTestServer({ server, dir });
  publishPort(server.port);
  await server.ensureDatabase(TEMPLATE_DATABASE);
  await applyMigrations(server.url(TEMPLATE_DATABASE));
  // A template cannot be copied while anyone is connected to it.
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${TEMPLATE_DATABASE}' AND pid <> pg_backend_pid()`);
}
