/**
 * compareRuns: outcome counts and class changes in SQL; heat-map shifts from the stored grids,
 * over all matched pairs (read a page at a time) for the per-input means, and per pair on a page.
 */
import type { Heatmap } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';
import { badInput } from '../../errors/api-error';
import { type Page, toPage } from '../pagination/connection';
import { decodeCursor, encodeCursor, pageSize } from '../pagination/cursor';
import type { RunService } from '../run/run.service';
import { SAMPLE_INCLUDE, toSampleType } from '../sample/sample.mapper';
import { outcomeCounts, pairRows, type PairRow } from './compare.sql';
import { type InputShift, PairOutcome, type PairShift, type RunComparison, type SamplePair } from './compare.type';
import { heatmapShift } from './heatmap-shift';

/** Pairs read at a time while averaging the shifts. */
const SHIFT_PAGE = 1000;

type Grid = Pick<Heatmap, 'sampleId' | 'input' | 'grid' | 'gridWidth' | 'gridHeight'>;

export class CompareService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly runs: RunService,
  ) {}

  async compare(baseRunId: string, otherRunId: string): Promise<RunComparison> {
    const [baseRun, otherRun] = await Promise.all([this.runs.require(baseRunId), this.runs.require(otherRunId)]);
    if (baseRun.id === otherRun.id) throw badInput('compare two different runs');
    const [counts, heatmapShift] = await Promise.all([outcomeCounts(this.prisma, baseRun.id, otherRun.id), this.meanShifts(baseRun.id, otherRun.id)]);
    const outcome = (o: PairOutcome): number => Number(counts.outcomes[o] ?? 0);
    return {
      baseRun,
      otherRun,
      matched: Number(counts.matched),
      onlyInBase: counts.baseTotal - counts.matched,
      onlyInOther: counts.otherTotal - counts.matched,
      bothRight: outcome(PairOutcome.BOTH_RIGHT),
      bothWrong: outcome(PairOutcome.BOTH_WRONG),
      fixed: outcome(PairOutcome.FIXED),
      broken: outcome(PairOutcome.BROKEN),
      unlabelled: outcome(PairOutcome.UNLABELLED),
      classChanges: counts.changes.map((c) => ({ ...c, count: Number(c.count) })),
      heatmapShift,
    };
  }

  /** Shifts of each input within each pair, keyed by base sample id. */
  private async shifts(pairs: readonly PairRow[]): Promise<Map<string, PairShift[]>> {
    const grids = await this.prisma.heatmap.findMany({
      where: { sampleId: { in: pairs.flatMap((p) => [p.baseId, p.otherId]) } },
      select: { sampleId: true, input: true, grid: true, gridWidth: true, gridHeight: true },
    });
    const bySample = new Map<string, Map<string, Grid>>();
    for (const g of grids) {
      if (!bySample.has(g.sampleId)) bySample.set(g.sampleId, new Map());
      bySample.get(g.sampleId)!.set(g.input, g);
    }
    return new Map(
      pairs.map((p) => {
        const other = bySample.get(p.otherId);
        const shifts: PairShift[] = [];
        for (const [input, a] of bySample.get(p.baseId) ?? []) {
          const b = other?.get(input);
          if (!b || a.gridWidth !== b.gridWidth || a.gridHeight !== b.gridHeight) continue;
          shifts.push({ input, ...heatmapShift(a.grid, b.grid) });
        }
        return [p.baseId, shifts];
      }),
    );
  }

  private async meanShifts(baseRunId: string, otherRunId: string): Promise<InputShift[]> {
    const sums = new Map<string, { pairs: number; pearsons: number; pearson: number; iou: number }>();
    for (let after: string | undefined; ; ) {
      const pairs = await pairRows(this.prisma, baseRunId, otherRunId, { after, limit: SHIFT_PAGE });
      for (const shifts of (await this.shifts(pairs)).values()) {
        for (const s of shifts) {
          const sum = sums.get(s.input) ?? { pairs: 0, pearsons: 0, pearson: 0, iou: 0 };
          sum.pairs++;
          sum.iou += s.iou;
          if (s.pearson !== null) {
            sum.pearsons++;
            sum.pearson += s.pearson;
          }
          sums.set(s.input, sum);
        }
      }
      if (pairs.length < SHIFT_PAGE) break;
      after = pairs.at(-1)!.externalId;
    }
    const base = await this.prisma.run.findUniqueOrThrow({ where: { id: baseRunId }, select: { model: { select: { inputs: true } } } });
    const order = (input: string): number => base.model.inputs.indexOf(input);
    return [...sums]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([input, s]) => ({ input, pairs: s.pairs, meanPearson: s.pearsons ? s.pearson / s.pearsons : null, meanIoU: s.pairs ? s.iou / s.pairs : null }));
  }

  async pairs(baseRunId: string, otherRunId: string, options: { outcome?: PairOutcome; first?: number; after?: string }): Promise<Page<SamplePair>> {
    const size = pageSize(options.first);
    const after = options.after ? decodeCursor(options.after).id : undefined;
    const rows = await pairRows(this.prisma, baseRunId, otherRunId, { after, outcome: options.outcome, limit: size + 1 });
    const shown = rows.slice(0, size);
    const [samples, shifts, counted] = await Promise.all([
      this.prisma.sample.findMany({ where: { id: { in: shown.flatMap((p) => [p.baseId, p.otherId]) } }, include: SAMPLE_INCLUDE }),
      this.shifts(shown),
      this.countPairs(baseRunId, otherRunId, options.outcome),
    ]);
    const byId = new Map(samples.map((s) => [s.id, toSampleType(s)]));
    return toPage(
      rows,
      size,
      counted,
      (p) => encodeCursor(null, p.externalId),
      (p): SamplePair => ({ externalId: p.externalId, outcome: p.outcome as PairOutcome, base: byId.get(p.baseId)!, other: byId.get(p.otherId)!, shifts: shifts.get(p.baseId) ?? [] }),
    );
  }

  private async countPairs(baseRunId: string, otherRunId: string, outcome?: PairOutcome): Promise<number> {
    const counts = await outcomeCounts(this.prisma, baseRunId, otherRunId);
    return Number(outcome ? (counts.outcomes[outcome] ?? 0) : counts.matched);
  }
}
