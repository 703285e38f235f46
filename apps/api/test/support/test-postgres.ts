/**
 * The test run's PostgreSQL: global-setup.ts starts it and publishes its port and template
 * database through the environment; each test file copies the template into a database of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { embeddedUrl } from '../../src/db/embedded-postgres';

export const TEMPLATE_DATABASE = 'gradcam_template';
const PORT_VARIABLE = 'GRADCAM_TEST_PG_PORT';

export function publishPort(port: number): void {
  process.env[PORT_VARIABLE] = String(port);
}

function port(): number {
  const value = process.env[PORT_VARIABLE];
  if (!value) throw new Error(`${PORT_VARIABLE} is not set: run the tests through jest (its global setup starts PostgreSQL)`);
  return Number(value);
}

export function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: embeddedUrl(port(), 'postgres') });
  return client
    .connect()
    .then(() => client.query(sql))
    .then(() => undefined)
    .finally(() => client.end());
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database: the migrated template's copy, or empty with `{ empty: true }`. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}${options.empty ? '' : ` TEMPLATE ${TEMPLATE_DATABASE}`}`);
  return {
    url: embeddedUrl(port(), name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
