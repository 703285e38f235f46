/**
 * A run's samples, filtered and ordered, one keyset page at a time. The filters map onto the
 * indexes (run + correct, run + trueClass + predictedClass, run + confidence); the multi-label
 * ones (a label in the true or predicted set) scan the run's rows.
 */
import type { Prisma } from '../../generated/prisma/client';
import type { ModelTask } from '../../generated/prisma/enums';
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

const given = (v: unknown): boolean => v !== undefined && v !== null;

/** Per task, the filters and orders that mean nothing for it (sample.type.ts: which fields each task fills). */
const NOT_FOR: Record<ModelTask, { filters: (keyof SampleFilter)[]; byConfidence: boolean }> = {
  MULTICLASS: { filters: ['trueLabel', 'predictedLabel'], byConfidence: false },
  BINARY: { filters: ['trueLabel', 'predictedLabel'], byConfidence: false },
  MULTILABEL: { filters: ['trueClass'], byConfidence: false },
  REGRESSION: { filters: ['misclassified', 'trueClass', 'predictedClass', 'minConfidence', 'maxConfidence', 'trueLabel', 'predictedLabel'], byConfidence: true },
};

/** Refuses what does not apply to the run's task, naming it, rather than matching nothing silently. */
function checkApplies(task: ModelTask, filter: SampleFilter, key: SortKey): void {
  const misplaced = NOT_FOR[task].filters.filter((f) => given(filter[f]));
  const what = task.toLowerCase();
  if (misplaced.length) throw badInput(`the filter${misplaced.length > 1 ? 's' : ''} ${misplaced.join(', ')} do${misplaced.length > 1 ? '' : 'es'} not apply to a ${what} run${task === 'MULTILABEL' ? ' (use trueLabel)' : ''}`);
  if (key === 'confidence' && NOT_FOR[task].byConfidence) throw badInput(`a ${what} run's samples have no confidence to order by`);
}

export function sampleWhere(runId: string, filter: SampleFilter = {}): Prisma.SampleWhereInput {
  const { misclassified, trueClass, predictedClass, minConfidence, maxConfidence, trueLabel, predictedLabel } = filter;
  if (minConfidence !== undefined && maxConfidence !== undefined && minConfidence > maxConfidence) throw badInput(`minConfidence ${minConfidence} is above maxConfidence ${maxConfidence}`);
  return {
    runId,
    ...(misclassified === undefined || misclassified === null ? {} : { correct: !misclassified }),
    ...(trueClass === undefined || trueClass === null ? {} : { trueClass }),
    ...(predictedClass === undefined || predictedClass === null ? {} : { predictedClass }),
    ...(given(trueLabel) ? { trueLabels: { has: trueLabel! } } : {}),
    ...(given(predictedLabel) ? { predictedLabels: { has: predictedLabel! } } : {}),
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

export async function samplePage(prisma: PrismaClient, runId: string, task: ModelTask, options: { filter?: SampleFilter; orderBy?: SampleOrder; first?: number; after?: string }): Promise<Page<SampleType>> {
  const size = pageSize(options.first);
  const { key, dir } = ORDERS[options.orderBy ?? SampleOrder.EXTERNAL_ID];
  checkApplies(task, options.filter ?? {}, key);
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
