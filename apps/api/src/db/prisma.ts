/**
 * The application's database access: one pg pool per process, queried by the generated Prisma
 * client through its pg driver adapter (no query engine binary) and, for analyzeSample's two
 * statements (sample-rows.sql.ts), directly (Prisma's statement path costs ~1-1.5 ms more per call).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Interactive transactions wait up to maxWait for a connection and may run for `timeout`. Prisma's
 * defaults (2 s, 5 s) fail a valid batch chunk on a busy machine; a chunk is a few dozen inserts.
 */
const TRANSACTIONS = { maxWait: 20_000, timeout: 120_000 };

export function openDatabase(url: string): Database {
  const pool = new pg.Pool({ connectionString: url });
  // A pooled client whose server went away emits 'error' on the pool while idle; unhandled, that
  // would end the process. The pool drops that client and the next query connects anew.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTIONS });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Whether `err` is a unique-constraint violation: Prisma's P2002, PostgreSQL's 23505 under a raw query (P2010) or from pg itself. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return e?.code === 'P2002' || e?.code === '23505' || (e?.code === 'P2010' && e.meta?.driverAdapterError?.cause?.originalCode === '23505');
}
