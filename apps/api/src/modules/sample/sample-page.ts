/**
 * A run's samples, filtered and ordered, one keyset page at a time. The filters map onto the
 * indexes (run + correct, run + trueClass + predictedClass, run + confidence).
 */
import type { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';
import { badInput } from '../../errors/api-error';
import { type Page, toPage } from '../pagination/connection';
import { type CursorKey, decodeCursor, encodeCursor, pageSize } from '../pagination/cursor';
import { SAMPLE_INCLUDE, type SampleRow, toSampleType } from './sample.mapper';
import { type SampleFilter, SampleOrder } from './sample-filter.input';
import type { SampleType } from './sample.type';

type SortKey = 'externalId' | 'confidence' | 'createdAt';

const ORDERS: Record<SampleOrder, { key: SortKey; dir: 'asc' | 'desc' }> = {
  [SampleOrder.EXTERNAL_ID]: { key: 'externalId', dir: 'asc' },
  [SampleOrder.CONFIDENCE_ASC]: { key: 'confidence', dir: 'asc' },
  [SampleOrder.CONFIDENCE_DESC]: { key: 'confidence', dir: 'desc' },
  [SampleOrder.CREATED_AT]: { key: 'createdAt', dir: 'asc' },
};

export function sampleWhere(runId: string, filter: SampleFilter = {}): Prisma.SampleWhereInput {
  const { misclassified, trueClass, predictedClass, minConfidence, maxConfidence } = filter;
  if (minConfidence !== undefined && maxConfidence !== undefined && minConfidence > maxConfidence) throw badInput(`minConfidence ${minConfidence} is above maxConfidence ${maxConfidence}`);
  return {
    runId,
    ...(misclassified === undefined || misclassified === null ? {} : { correct: !misclassified }),
    ...(trueClass === undefined || trueClass === null ? {} : { trueClass }),
    ...(predictedClass === undefined || predictedClass === null ? {} : { predictedClass }),
    ...(minConfidence === undefined && maxConfidence === undefined ? {} : { confidence: { ...(minConfidence === undefined || minConfidence === null ? {} : { gte: minConfidence }), ...(maxConfidence === undefined || maxConfidence === null ? {} : { lte: maxConfidence }) } }),
  };
}

function keyValue(row: SampleRow, key: SortKey): CursorKey {
  const v = row[key];
  return v instanceof Date ? v.toISOString() : v;
}

/** Rows strictly after the cursor in the order (key, id), both in `dir`. */
function afterCursor(cursor: string, key: SortKey, dir: 'asc' | 'desc'): Prisma.SampleWhereInput {
  const { key: raw, id } = decodeCursor(cursor);
  const value = key === 'createdAt' ? new Date(String(raw)) : raw;
  if (value === null || (key === 'confidence' && typeof value !== 'number') || (key === 'externalId' && typeof value !== 'string') || (value instanceof Date && Number.isNaN(value.getTime())))
    throw badInput(`invalid cursor '${cursor}' for this order`);
  const op = dir === 'asc' ? 'gt' : 'lt';
  return { OR: [{ [key]: { [op]: value } }, { [key]: value, id: { [op]: id } }] };
}

export async function samplePage(prisma: PrismaClient, runId: string, options: { filter?: SampleFilter; orderBy?: SampleOrder; first?: number; after?: string }): Promise<Page<SampleType>> {
  const size = pageSize(options.first);
  const { key, dir } = ORDERS[options.orderBy ?? SampleOrder.EXTERNAL_ID];
  const where = sampleWhere(runId, options.filter);
  const [rows, totalCount] = await Promise.all([
    prisma.sample.findMany({
      where: options.after ? { AND: [where, afterCursor(options.after, key, dir)] } : where,
      orderBy: [{ [key]: dir }, { id: dir }],
      take: size + 1,
      include: SAMPLE_INCLUDE,
    }),
    prisma.sample.count({ where }),
  ]);
  return toPage(rows, size, totalCount, (row) => encodeCursor(keyValue(row, key), row.id), toSampleType);
}
