/** `run { summary }` and a filtered `samples` page on a large synthetic run, over HTTP. */
import { graphql } from './graphql-client';
import { percentile } from './stats';

export interface QueryTiming {
  name: string;
  p50: number;
  p95: number;
  detail: string;
}

const SUMMARY = `query($id: ID!) { run(id: $id) { summary {
  count labelled accuracy balancedAccuracy macroF1 quadraticWeightedKappa confusionMatrix
  perClass { classIndex precision recall f1 support } meanConfidenceCorrect meanConfidenceWrong expectedCalibrationError
  calibration { count accuracy meanConfidence } contributions { predictedClass count inputs { input value } } } } }`;

const PAGE = `query($id: ID!, $after: String) { run(id: $id) { samples(filter: { misclassified: true, minConfidence: 0.5 }, orderBy: CONFIDENCE_DESC, first: 50, after: $after) {
  totalCount pageInfo { endCursor } nodes { id externalId trueClass predictedClass confidence probabilities branchContributions { input value } heatmaps { url } } } } }`;

async function timed(times: number, op: () => Promise<unknown>): Promise<number[]> {
  await op(); // warm-up: plans cached, connections open
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await op();
    out.push(performance.now() - t);
  }
  return out;
}

export async function queryBench(url: string, runId: string, times: number): Promise<QueryTiming[]> {
  const summary = await timed(times, () => graphql(url, SUMMARY, { id: runId }));
  const first = await graphql<{ run: { samples: { totalCount: number; pageInfo: { endCursor: string } } } }>(url, PAGE, { id: runId });
  const page = await timed(times, () => graphql(url, PAGE, { id: runId }));
  // A page deep into the selection: keyset cursors make it cost what the first page costs.
  let after = first.run.samples.pageInfo.endCursor;
  for (let i = 0; i < 100; i++) after = (await graphql<{ run: { samples: { pageInfo: { endCursor: string } } } }>(url, PAGE, { id: runId, after })).run.samples.pageInfo.endCursor;
  const deep = await timed(times, () => graphql(url, PAGE, { id: runId, after }));
  const row = (name: string, xs: number[], detail: string): QueryTiming => ({ name, p50: percentile(xs, 50), p95: percentile(xs, 95), detail });
  return [
    row('run { summary }', summary, 'every statistic of the run'),
    row('samples page 1', page, `misclassified, confidence ≥ 0.5, by confidence desc, 50 rows of ${first.run.samples.totalCount}, with totalCount`),
    row('samples page 102', deep, 'the same, 101 pages further (keyset cursor)'),
  ];
}
