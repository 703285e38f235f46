/**
 * The database the process uses: DATABASE_URL when set, otherwise the embedded PostgreSQL under
 * .data/ (started here, stopped by `close`). Migrations are applied on open.
 */
import type { ApiConfig } from '../config/env';
import { startEmbeddedPostgres } from './embedded-postgres';
import { applyMigrations } from './migrations';

export const EMBEDDED_DATABASE = 'gradcam';

export interface Database {
  url: string;
  /** Stops the embedded server, if this process started one. */
  close(): Promise<void>;
}

export async function openDatabase(config: Pick<ApiConfig, 'databaseUrl' | 'embeddedDataDir' | 'embeddedPort'>, log: (line: string) => void = () => undefined): Promise<Database> {
  let database: Database;
  if (config.databaseUrl) {
    database = { url: config.databaseUrl, close: async () => undefined };
  } else {
    const server = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort });
    await server.ensureDatabase(EMBEDDED_DATABASE);
    log(`embedded PostgreSQL on port ${server.port}, data in ${config.embeddedDataDir}`);
    database = { url: server.url(EMBEDDED_DATABASE), close: () => server.stop() };
  }
  try {
    const applied = await applyMigrations(database.url);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
