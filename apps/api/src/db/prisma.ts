/** The application's Prisma client: the generated client on the pg driver adapter (no query engine binary). */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Interactive transactions wait up to maxWait for a connection and may run for `timeout`. Prisma's
 * defaults (2 s, 5 s) fail a valid batch chunk on a busy machine; a chunk is a few dozen inserts.
 */
const TRANSACTIONS = { maxWait: 20_000, timeout: 120_000 };

export function createPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), transactionOptions: TRANSACTIONS });
}

/** Whether `err` is a unique-constraint violation: Prisma's P2002, or PostgreSQL's 23505 under a raw query (P2010). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return e?.code === 'P2002' || (e?.code === 'P2010' && e.meta?.driverAdapterError?.cause?.originalCode === '23505');
}
