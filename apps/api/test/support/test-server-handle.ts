/** Hands the embedded server from the global setup to the global teardown (same process). */
import type { EmbeddedPostgres } from '../../src/db/embedded-postgres';

interface Handle {
  server: EmbeddedPostgres;
  dir: string;
}

const KEY = Symbol.for('gradcam-api.test-postgres');

export function setTestServer(handle: Handle): void {
  (globalThis as Record<symbol, unknown>)[KEY] = handle;
}

export function takeTestServer(): Handle | undefined {
  const handle = (globalThis as Record<symbol, unknown>)[KEY] as Handle | undefined;
  delete (globalThis as Record<symbol, unknown>)[KEY];
  return handle;
}
