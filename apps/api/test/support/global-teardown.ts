/** Stops the run's PostgreSQL and removes its folder. */
import { rm } from 'node:fs/promises';
import { takeTestServer } from './test-server-handle';

export default async function globalTeardown(): Promise<void> {
  const handle = takeTestServer();
  if (!handle) return;
  await handle.server.stop();
  await rm(handle.dir, { recursive: true, force: true });
}
