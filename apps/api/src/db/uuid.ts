import { createHash } from 'node:crypto';

/** A UUID in the form this API writes them (lower-case hex), for building larger patterns. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Ids are UUIDs; anything else names no row (and must not reach a uuid column). */
const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * A UUID (version 5 layout) fixed by `scope` and `name`: a batch row gets the same sample id on
 * every try of its chunk, so a retry overwrites, rather than orphans, what a killed try wrote.
 */
export function nameBasedUuid(scope: string, name: string): string {
  const hash = createHash('sha1').update(`${scope}\u0000${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
