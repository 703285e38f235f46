/**
 * `npm start -w apps/api`: the GraphQL API on port 4000 (PORT). Without DATABASE_URL it starts an
 * embedded PostgreSQL under .data/ and stops it on exit.
 */
import { readConfig } from './config/env';
import { openDatabase } from './db/database';
import { startApi } from './app/api-server';

const log = (line: string): void => console.log(`[api] ${line}`);

async function main(): Promise<void> {
  const config = readConfig();
  const database = await openDatabase(config, log);
  let api;
  try {
    api = await startApi(config, database.url, log);
  } catch (err) {
    await database.close();
    throw err;
  }
  log(`GraphQL on ${api.url}/graphql, artifacts from ${config.artifactDir}`);
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await api.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`[api] ${err.message}`);
  process.exit(1);
});
