/**
 * The samples view's filters and order as URL search parameters, so a view can be shared and the
 * back button walks through earlier filters. Parsing is lenient: a bad value is dropped, not fatal.
 */
import type { SampleFilter, SampleOrder } from './graphql/generated/operations';

export const SORTS = { id: 'EXTERNAL_ID', 'confidence-asc': 'CONFIDENCE_ASC', 'confidence-desc': 'CONFIDENCE_DESC' } as const satisfies Record<string, SampleOrder>;
export type SortKey = keyof typeof SORTS;

export interface SampleQuery {
  misclassified: boolean;
  trueClass: number | null;
  predictedClass: number | null;
  /** Multi-label runs: a label in the true, or the predicted, set. */
  trueLabel: number | null;
  predictedLabel: number | null;
  minConfidence: number | null;
  maxConfidence: number | null;
  sort: SortKey;
  after: string | null;
}

type Params = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function classIndex(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** Confidence as a percentage 0..100 in the URL (what people type), 0..1 inside. */
function confidence(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : null;
}

export function parseSampleQuery(params: Params): SampleQuery {
  const sort = first(params.sort);
  return {
    misclassified: first(params.misclassified) === '1',
    trueClass: classIndex(first(params.true)),
    predictedClass: classIndex(first(params.pred)),
    trueLabel: classIndex(first(params.tlabel)),
    predictedLabel: classIndex(first(params.plabel)),
    minConfidence: confidence(first(params.min)),
    maxConfidence: confidence(first(params.max)),
    sort: sort && sort in SORTS ? (sort as SortKey) : 'id',
    after: first(params.after) || null,
  };
}

export function toSampleFilter(q: SampleQuery): SampleFilter {
  return {
    ...(q.misclassified ? { misclassified: true } : {}),
    ...(q.trueClass !== null ? { trueClass: q.trueClass } : {}),
    ...(q.predictedClass !== null ? { predictedClass: q.predictedClass } : {}),
    ...(q.trueLabel !== null ? { trueLabel: q.trueLabel } : {}),
    ...(q.predictedLabel !== null ? { predictedLabel: q.predictedLabel } : {}),
    ...(q.minConfidence !== null ? { minConfidence: q.minConfidence } : {}),
    ...(q.maxConfidence !== null ? { maxConfidence: q.maxConfidence } : {}),
  };
}

const pct = (v: number): string => String(Math.round(v * 1000) / 10);

/** The URL of a samples view; `after` is dropped unless given, so a new filter starts at page one. */
export function sampleQueryHref(runId: string, q: Partial<SampleQuery>): string {
  const p = new URLSearchParams();
  if (q.misclassified) p.set('misclassified', '1');
  if (q.trueClass !== null && q.trueClass !== undefined) p.set('true', String(q.trueClass));
  if (q.predictedClass !== null && q.predictedClass !== undefined) p.set('pred', String(q.predictedClass));
  if (q.trueLabel !== null && q.trueLabel !== undefined) p.set('tlabel', String(q.trueLabel));
  if (q.predictedLabel !== null && q.predictedLabel !== undefined) p.set('plabel', String(q.predictedLabel));
  if (q.minConfidence !== null && q.minConfidence !== undefined) p.set('min', pct(q.minConfidence));
  if (q.maxConfidence !== null && q.maxConfidence !== undefined) p.set('max', pct(q.maxConfidence));
  if (q.sort && q.sort !== 'id') p.set('sort', q.sort);
  if (q.after) p.set('after', q.after);
  const s = p.toString();
  return `/runs/${runId}/samples${s ? `?${s}` : ''}`;
}

export function describeQuery(q: SampleQuery, classNames: readonly string[]): string {
  const parts: string[] = [];
  if (q.misclassified) parts.push('misclassified');
  if (q.trueClass !== null) parts.push(`true ${classNames[q.trueClass] ?? q.trueClass}`);
  if (q.predictedClass !== null) parts.push(`predicted ${classNames[q.predictedClass] ?? q.predictedClass}`);
  if (q.trueLabel !== null) parts.push(`truly ${classNames[q.trueLabel] ?? q.trueLabel}`);
  if (q.predictedLabel !== null) parts.push(`predicted to have ${classNames[q.predictedLabel] ?? q.predictedLabel}`);
  if (q.minConfidence !== null || q.maxConfidence !== null) parts.push(`confidence ${pct(q.minConfidence ?? 0)}–${pct(q.maxConfidence ?? 1)}%`);
  return parts.length ? parts.join(', ') : 'all samples';
}
