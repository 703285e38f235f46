/** Every setting the API and its workers read from the environment, read in one place. */
import { isAbsolute, join, resolve } from 'node:path';
import type { Device } from 'gradcam-core';
import { repoRoot } from './repo-root';

export interface ApiConfig {
  /** Unset: an embedded PostgreSQL with its data in `embeddedDataDir`. */
  databaseUrl?: string;
  embeddedDataDir: string;
  embeddedPort: number;
  /** Server-side paths (models, images, manifests) must lie under it. */
  dataRoot: string;
  /** Heat-map PNGs, served under /artifacts/. */
  artifactDir: string;
  /** Registered at start-up. */
  defaultModel: string;
  device: Device;
  threads?: number;
  /** Set: mutations need `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Whether GraphQL introspection is answered (GRADCAM_INTROSPECTION; default: outside production). */
  introspection: boolean;
  /** Origins allowed to call the API from a browser (GRADCAM_CORS_ORIGINS, comma-separated; default none). */
  corsOrigins: string[];
  port: number;
  /** The address the API listens on (GRADCAM_HOST; default loopback: scans are patient data). */
  host: string;
  /** Queue workers inside the API process (0: only separate `npm run worker` processes). */
  inProcessWorkers: number;
  /**
   * A chunk still active after this long is taken to be lost with its worker (killed, machine
   * gone) and is tried again: longer than any chunk takes (GRADCAM_CHUNK_EXPIRE_SECONDS).
   */
  chunkExpireSeconds: number;
  /** How often lost chunks are looked for (GRADCAM_QUEUE_MAINTENANCE_SECONDS). */
  queueMaintenanceSeconds: number;
  /** How many more times a failed or lost chunk is tried before its rows fail (GRADCAM_CHUNK_RETRIES). */
  chunkRetries: number;
  /** The longest a client may take to send a whole request (GRADCAM_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutSeconds: number;
  /** Mutations and expensive queries one client may send a minute (GRADCAM_RATE_LIMIT; 0: no limit). */
  rateLimitPerMinute: number;
}

const DEVICES = ['auto', 'cuda', 'webgpu', 'cpu'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got '${raw}'`);
  return n;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true'].includes(raw)) return true;
  if (['0', 'false'].includes(raw)) return false;
  throw new Error(`${name} must be 1 or 0, got '${raw}'`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const root = repoRoot();
  const path = (value: string | undefined, fallback: string): string => (value ? (isAbsolute(value) ? value : resolve(value)) : join(root, fallback));
  const device = env.GRADCAM_DEVICE || 'auto';
  if (!DEVICES.includes(device)) throw new Error(`GRADCAM_DEVICE must be one of ${DEVICES.join(', ')}, got '${device}'`);
  const threads = env.GRADCAM_THREADS ? integer(env, 'GRADCAM_THREADS', 0, 1) : undefined;
  const dataRoot = path(env.GRADCAM_DATA_ROOT, 'models');
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedDataDir: path(env.GRADCAM_PG_DATA_DIR, '.data/postgres'),
    embeddedPort: integer(env, 'GRADCAM_PG_PORT', 54329, 1),
    dataRoot,
    artifactDir: path(env.GRADCAM_ARTIFACT_DIR, '.data/artifacts'),
    defaultModel: path(env.GRADCAM_MODEL_DIR, 'models/demo'),
    device: device as Device,
    threads,
    apiKey: env.GRADCAM_API_KEY || undefined,
    introspection: flag(env, 'GRADCAM_INTROSPECTION', env.NODE_ENV !== 'production'),
    corsOrigins: (env.GRADCAM_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    port: integer(env, 'PORT', 4000, 0),
    host: env.GRADCAM_HOST || '127.0.0.1',
    inProcessWorkers: integer(env, 'GRADCAM_WORKERS', 1, 0),
    chunkExpireSeconds: integer(env, 'GRADCAM_CHUNK_EXPIRE_SECONDS', 30 * 60, 1),
    queueMaintenanceSeconds: integer(env, 'GRADCAM_QUEUE_MAINTENANCE_SECONDS', 120, 1),
    chunkRetries: integer(env, 'GRADCAM_CHUNK_RETRIES', 2, 0),
    requestTimeoutSeconds: integer(env, 'GRADCAM_REQUEST_TIMEOUT_SECONDS', 300, 1),
    rateLimitPerMinute: integer(env, 'GRADCAM_RATE_LIMIT', 3000, 0),
  };
}
