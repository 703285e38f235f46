/**
 * The samples whose prediction changed between two runs, from the API's compareRuns pairs: fixed
 * (wrong before, right after), broken (the reverse) and other changes (another class, still wrong
 * or unlabelled). A heat map's shift is 1 − IoU of the two maps' top-20% regions (the API's
 * measure): 0 = the model looks at the same place, 1 = somewhere else entirely.
 */
import type { ComparedPairFragment, PairOutcome } from '../graphql/generated/operations';

export type ChangeKind = 'fixed' | 'broken' | 'changed';

/** The API's outcomes each kind is drawn from; 'changed' keeps only pairs whose class differs. */
export const OUTCOMES_OF: Record<ChangeKind, PairOutcome[]> = {
  fixed: ['FIXED'],
  broken: ['BROKEN'],
  changed: ['BOTH_WRONG', 'UNLABELLED'],
};

export interface ChangedPair {
  pair: ComparedPairFragment;
  kind: ChangeKind;
  /** Per input: 1 − IoU, in the base run's input order. */
  shifts: { input: string; shift: number; pearson: number | null }[];
  meanShift: number;
}

export function kindOf(outcome: PairOutcome): ChangeKind | null {
  if (outcome === 'FIXED') return 'fixed';
  if (outcome === 'BROKEN') return 'broken';
  if (outcome === 'BOTH_WRONG' || outcome === 'UNLABELLED') return 'changed';
  return null;
}

export function toChangedPair(pair: ComparedPairFragment): ChangedPair | null {
  const kind = kindOf(pair.outcome);
  if (!kind || pair.base.predictedClass === pair.other.predictedClass) return null;
  const shifts = pair.shifts.map((s) => ({ input: s.input, shift: 1 - s.iou, pearson: s.pearson }));
  const meanShift = shifts.length ? shifts.reduce((t, s) => t + s.shift, 0) / shifts.length : 0;
  return { pair, kind, shifts, meanShift };
}

export const CHANGE_SORTS = ['shift', 'id'] as const;
export type ChangeSort = (typeof CHANGE_SORTS)[number];

export function sortChanged(changed: readonly ChangedPair[], sort: ChangeSort): ChangedPair[] {
  return [...changed].sort((x, y) => (sort === 'shift' ? y.meanShift - x.meanShift : 0) || x.pair.externalId.localeCompare(y.pair.externalId));
}
