/**
 * compareRuns on two real runs (the demo model and its earlier checkpoint, overlapping samples):
 * outcomes, class changes and heat-map shifts equal a reference computed here from the stored rows.
 */
import { randomUUID } from 'node:crypto';
import { processChunk } from '../src/jobs/chunk-processor';
import { expectCloseDeep } from './support/close-to';
import { demoImagePaths } from './support/demo-samples';
import { referenceIou, referencePearson } from './support/shift-reference';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';

let t: TestApi;
let baseRunId: string;
let otherRunId: string;

const ids = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `s${String(from + i).padStart(4, '0')}`);

async function analysedRun(modelId: string, sampleIds: string[], unlabelled: string[]): Promise<string> {
  const { prisma } = t.api.services;
  const run = await prisma.run.create({ data: { modelId, kind: 'BATCH', name: `compare ${randomUUID()}`, method: 'gradcam', status: 'QUEUED', total: sampleIds.length } });
  const rows = sampleIds.map((id, i) => ({
    line: i + 2,
    externalId: id,
    files: Object.fromEntries(demoImagePaths(id).map((p) => [p.input, p.path])),
    trueClass: unlabelled.includes(id) ? null : (i + Number(id.slice(1))) % 4,
  }));
  for (let i = 0; i < rows.length; i += 6) await processChunk(t.api.services, { runId: run.id, rows: rows.slice(i, i + 6) });
  return run.id;
}

beforeAll(async () => {
  t = await startTestApi();
  const demo = ok(await t.gql('{ models { id } }')).models[0].id;
  const earlier = ok(await t.gql('mutation { registerModel(path: "demo/earlier") { id name } }')).registerModel;
  expect(earlier.name).toBe('earlier');
  [baseRunId, otherRunId] = await Promise.all([analysedRun(demo, ids(1, 12), ['s0005']), analysedRun(earlier.id, ids(3, 14), ['s0005'])]);
});
afterAll(() => t.stop());

const COMPARE = `query($a: ID!, $b: ID!) { compareRuns(baseRunId: $a, otherRunId: $b) {
  baseRun { id } otherRun { id } matched onlyInBase onlyInOther bothRight bothWrong fixed broken unlabelled
  classChanges { fromClass toClass count } heatmapShift { input pairs meanPearson meanIoU } } }`;

async function reference() {
  const load = (runId: string) => t.api.services.prisma.sample.findMany({ where: { runId }, include: { heatmaps: true } });
  const [base, other] = await Promise.all([load(baseRunId), load(otherRunId)]);
  const byId = new Map(other.map((s) => [s.externalId, s]));
  const pairs = base.filter((b) => byId.has(b.externalId)).map((b) => ({ b, o: byId.get(b.externalId)! }));
  const outcome = ({ b, o }: (typeof pairs)[number]): string => {
    const label = b.trueClass ?? o.trueClass;
    if (label === null) return 'UNLABELLED';
    const [rb, ro] = [b.predictedClass === label, o.predictedClass === label];
    return rb && ro ? 'BOTH_RIGHT' : !rb && !ro ? 'BOTH_WRONG' : ro ? 'FIXED' : 'BROKEN';
  };
  const count = (o: string): number => pairs.filter((p) => outcome(p) === o).length;
  const changes = new Map<string, number>();
  for (const { b, o } of pairs) if (b.predictedClass !== o.predictedClass) changes.set(`${b.predictedClass},${o.predictedClass}`, (changes.get(`${b.predictedClass},${o.predictedClass}`) ?? 0) + 1);
  const shiftOf = (p: (typeof pairs)[number], input: string) => {
    const a = Array.from(p.b.heatmaps.find((h) => h.input === input)!.grid);
    const c = Array.from(p.o.heatmaps.find((h) => h.input === input)!.grid);
    return { input, pearson: referencePearson(a, c), iou: referenceIou(a, c) };
  };
  const inputs = ['mnv', 'fluid', 'ga', 'drusen'];
  const summary = {
    baseRun: { id: baseRunId },
    otherRun: { id: otherRunId },
    matched: pairs.length,
    onlyInBase: base.length - pairs.length,
    onlyInOther: other.length - pairs.length,
    bothRight: count('BOTH_RIGHT'),
    bothWrong: count('BOTH_WRONG'),
    fixed: count('FIXED'),
    broken: count('BROKEN'),
    unlabelled: count('UNLABELLED'),
    classChanges: [...changes].map(([k, n]) => ({ fromClass: Number(k.split(',')[0]), toClass: Number(k.split(',')[1]), count: n })).sort((x, y) => x.fromClass - y.fromClass || x.toClass - y.toClass),
    heatmapShift: inputs.map((input) => {
      const shifts = pairs.map((p) => shiftOf(p, input));
      const pearsons = shifts.map((s) => s.pearson).filter((v): v is number => v !== null);
      return { input, pairs: shifts.length, meanPearson: pearsons.reduce((a, v) => a + v, 0) / pearsons.length, meanIoU: shifts.reduce((a, s) => a + s.iou, 0) / shifts.length };
    }),
  };
  const perPair = new Map(pairs.map((p) => [p.b.externalId, { outcome: outcome(p), shifts: inputs.map((i) => shiftOf(p, i)) }]));
  return { summary, perPair };
}

test('compareRuns equals the reference computed from the stored rows', async () => {
  const { summary } = await reference();
  expect(summary).toMatchObject({ matched: 10, onlyInBase: 2, onlyInOther: 2, unlabelled: 1 });
  expectCloseDeep(ok(await t.gql(COMPARE, { a: baseRunId, b: otherRunId })).compareRuns, summary);
});

test('pairs page through the matched samples with their outcomes and shifts', async () => {
  const { perPair } = await reference();
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { compareRuns: { pairs: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { externalId: string; outcome: string; base: { externalId: string; runId: string }; other: { runId: string }; shifts: unknown[] }[] } } } = ok(
      await t.gql(`query($a: ID!, $b: ID!, $after: String) { compareRuns(baseRunId: $a, otherRunId: $b) { pairs(first: 3, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { externalId outcome base { externalId runId } other { runId } shifts { input pearson iou } } } } }`, { a: baseRunId, b: otherRunId, after }),
    );
    const page = res.compareRuns.pairs;
    expect(page.totalCount).toBe(10);
    for (const pair of page.nodes) {
      expect(pair.base).toEqual({ externalId: pair.externalId, runId: baseRunId });
      expect(pair.other.runId).toBe(otherRunId);
      expectCloseDeep({ outcome: pair.outcome, shifts: pair.shifts }, perPair.get(pair.externalId));
      seen.push(pair.externalId);
    }
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(seen).toEqual([...perPair.keys()].sort());
  const fixed = ok(await t.gql('query($a: ID!, $b: ID!) { compareRuns(baseRunId: $a, otherRunId: $b) { fixed pairs(outcome: FIXED) { totalCount nodes { outcome } } } }', { a: baseRunId, b: otherRunId })).compareRuns;
  expect(fixed.pairs.totalCount).toBe(fixed.fixed);
  expect(fixed.pairs.nodes.every((n: { outcome: string }) => n.outcome === 'FIXED')).toBe(true);
});

test('comparing a run with itself or with an unknown run is refused', async () => {
  expect(errorCode(await t.gql(COMPARE, { a: baseRunId, b: baseRunId }))).toBe('BAD_USER_INPUT');
  expect(errorCode(await t.gql(COMPARE, { a: baseRunId, b: randomUUID() }))).toBe('NOT_FOUND');
});
