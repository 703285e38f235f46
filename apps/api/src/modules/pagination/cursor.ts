/**
 * Keyset pagination: a cursor is the sort key of the last row seen plus its id (base64url JSON),
 * so a page costs an index range scan however deep it is, and rows added meanwhile shift nothing.
 */
import { badInput } from '../../errors/api-error';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

export type CursorKey = string | number | null;

export function encodeCursor(key: CursorKey, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { key: CursorKey; id: string } {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof id === 'string' && (key === null || typeof key === 'string' || typeof key === 'number')) return { key, id };
  } catch {
    // falls through to the error below: the cursor was not made here
  }
  throw badInput(`invalid cursor '${cursor}'`);
}

export function pageSize(first: number | undefined | null): number {
  const n = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) throw badInput(`first must be an integer 0..${MAX_PAGE}, got ${n}`);
  return n;
}
