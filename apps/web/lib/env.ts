/** Every setting the dashboard reads from the environment, read in one place (server side only). */
import 'server-only';

const DEFAULT_API_URL = 'http://127.0.0.1:4000/graphql';

/** The API's GraphQL endpoint; read per request so `next start` picks up the running API's address. */
export function apiUrl(): string {
  return process.env.GRADCAM_API_URL || DEFAULT_API_URL;
}

/** The API's origin, where it serves heat-map PNGs under /artifacts/. */
export function apiOrigin(): string {
  return new URL(apiUrl()).origin;
}

/** Sent as `Authorization: Bearer` on mutations when the API requires a key. */
export function apiKey(): string | undefined {
  return process.env.GRADCAM_API_KEY || undefined;
}
