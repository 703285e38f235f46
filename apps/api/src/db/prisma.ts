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

/** Whether `err` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
