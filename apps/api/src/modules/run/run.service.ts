/** Reading runs: newest first, one keyset page at a time; a run's progress. */
import type { Run } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';
import { isUuid } from '../../db/uuid';
import { type Page, toPage } from '../pagination/connection';
import { decodeCursor, encodeCursor, pageSize } from '../pagination/cursor';
import { badInput, notFound } from '../../errors/api-error';
import type { RunProgress, RunType } from './run.type';

export class RunService {
  constructor(private readonly prisma: PrismaClient) {}

  async get(id: string): Promise<Run | null> {
    return isUuid(id) ? this.prisma.run.findUnique({ where: { id } }) : null;
  }

  async require(id: string): Promise<Run> {
    const run = await this.get(id);
    if (!run) throw notFound('run', id);
    return run;
  }

  async page(options: { first?: number; after?: string; modelId?: string }): Promise<Page<RunType>> {
    const size = pageSize(options.first);
    if (options.modelId && !isUuid(options.modelId)) throw notFound('model', options.modelId);
    const where = options.modelId ? { modelId: options.modelId } : {};
    let after = {};
    if (options.after) {
      const { key, id } = decodeCursor(options.after);
      const createdAt = new Date(String(key));
      if (Number.isNaN(createdAt.getTime())) throw badInput(`invalid cursor '${options.after}'`);
      after = { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
    }
    const [rows, totalCount] = await Promise.all([
      this.prisma.run.findMany({ where: { AND: [where, after] }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: size + 1 }),
      this.prisma.run.count({ where }),
    ]);
    return toPage(rows, size, totalCount, (r) => encodeCursor(r.createdAt.toISOString(), r.id), (r) => r);
  }

  /** Batches count as they go (in the transaction that stores each chunk); the ad-hoc run is counted. */
  async progress(run: Run): Promise<RunProgress> {
    if (run.kind === 'BATCH') return { total: run.total, done: run.doneCount, failed: run.failedCount };
    const done = await this.prisma.sample.count({ where: { runId: run.id } });
    return { total: done, done, failed: 0 };
  }
}
