/**
 * The two phases of the load benchmark, over HTTP against one API:
 * - analyzeSample from many concurrent clients for a fixed time, every call timed, every error
 *   kept, this process's memory sampled every 5 s;
 * - `runs` and `run { progress summary samples }` queries from a few clients while a batch runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphql } from './graphql-client';
import { ms, percentile } from './stats';

/** Errors counted, the first few messages kept. */
export class Failures {
  count = 0;
  readonly first: string[] = [];
  add(err: unknown): void {
    this.count++;
    if (this.first.length < 5) this.first.push((err as Error).message);
  }
}

export interface MemorySample {
  /** Seconds since the timed load began. */
  at: number;
  rss: number;
  heapUsed: number;
}

export interface AnalyzeLoadResult {
  /** Demo samples the clients cycle through. */
  samples: number;
  seconds: number;
  latencies: number[];
  failures: Failures;
  /** At the start (after the warm-up), every 5 s, at the end. */
  memory: MemorySample[];
}

export interface QueryKind {
  name: string;
  /** What it asks, as the report shows it. */
  shape: string;
  latencies: number[];
}

export interface BatchQueriesResult {
  seconds: number;
  total: number;
  failed: number;
  kinds: QueryKind[];
  failures: Failures;
}

const ANALYZE = 'mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { id predictedClass heatmaps { url } } }';
const START = 'mutation($input: StartBatchInput!) { startBatch(input: $input) { id } }';
const RUNS = 'query { runs(first: 20) { totalCount nodes { id name kind status progress { done failed total } } } }';
const RUN = `query($id: ID!) { run(id: $id) { status progress { done failed total } summary { accuracy }
  samples(first: 50, filter: { misclassified: true }) { totalCount nodes { id externalId trueClass predictedClass confidence heatmaps { url } } } } }`;

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const memoryAt = (at: number): MemorySample => ({ at, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
const p50 = (xs: readonly number[]): string => (xs.length ? ms(percentile(xs, 50)) : '–');

/** Calls `tick` every 5 s until the returned function is called. */
function every5s(tick: () => void): () => void {
  const timer = setInterval(tick, 5000);
  return () => clearInterval(timer);
}

/** Every demo sample's images as base64, read once: id -> analyzeSample's `images`. */
function demoImages(samplesDir: string, inputs: readonly string[]): { id: string; images: { input: string; base64: string }[] }[] {
  const suffix = `_${inputs[0]}.png`;
  const ids = readdirSync(join(samplesDir, 'images')).filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length)).sort();
  return ids.map((id) => ({ id, images: inputs.map((input) => ({ input, base64: readFileSync(join(samplesDir, 'images', `${id}_${input}.png`)).toString('base64') })) }));
}

export async function analyzeLoad(url: string, modelId: string, inputs: readonly string[], samplesDir: string, clients: number, seconds: number, log: (line: string) => void): Promise<AnalyzeLoadResult> {
  const samples = demoImages(samplesDir, inputs);
  let n = 0;
  const call = async (): Promise<number> => {
    const sample = samples[n % samples.length]!;
    const externalId = `load-${n++}-${sample.id}`; // unique within the model's ad-hoc run
    const t = performance.now();
    await graphql(url, ANALYZE, { input: { modelId, externalId, images: sample.images } });
    return performance.now() - t;
  };
  // Warm-up: one call per client, all at once, so that the engine, sockets and buffers exist at
  // this concurrency before the memory at the start is taken.
  await Promise.all(Array.from({ length: clients }, call));
  const latencies: number[] = [];
  const failures = new Failures();
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const memory = [memoryAt(0)];
  const stop = every5s(() => {
    memory.push(memoryAt(elapsed()));
    log(`  ${elapsed().toFixed(0)} s: ${latencies.length} calls, ${failures.count} errors, p50 ${p50(latencies)}, RSS ${mib(memory.at(-1)!.rss)}`);
  });
  const client = async (): Promise<void> => {
    while (elapsed() < seconds) {
      try {
        latencies.push(await call());
      } catch (err) {
        failures.add(err);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, client));
  } finally {
    stop();
  }
  memory.push(memoryAt(elapsed()));
  return { samples: samples.length, seconds: elapsed(), latencies, failures, memory };
}

/** Starts a batch over `dataset` (relative to the data root) and queries the API from `clients` clients until it completes. */
export async function queriesDuringBatch(url: string, modelId: string, dataset: string, clients: number, log: (line: string) => void, timeoutSeconds = 600): Promise<BatchQueriesResult> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const { startBatch } = await graphql<{ startBatch: { id: string } }>(url, START, { input: { modelId, dataset, name: 'load benchmark' } });
  const runs: QueryKind = { name: 'runs', shape: 'runs(first: 20) { nodes { status progress } }', latencies: [] };
  const run: QueryKind = { name: 'run', shape: 'run(id) { progress summary { accuracy } samples(first: 50, filter: { misclassified: true }) }', latencies: [] };
  const failures = new Failures();
  let progress = { done: 0, failed: 0, total: 0 };
  let finished = false;
  const stop = every5s(() => log(`  ${elapsed().toFixed(0)} s: batch ${progress.done}/${progress.total}, ${runs.latencies.length + run.latencies.length} queries, p50 runs ${p50(runs.latencies)}, run ${p50(run.latencies)}`));
  const client = async (c: number): Promise<void> => {
    // Clients alternate the two kinds, half of them starting with each.
    for (let i = c; !finished; i++) {
      if (elapsed() > timeoutSeconds) throw new Error(`the batch did not complete in ${timeoutSeconds} s (${progress.done}/${progress.total})`);
      const t = performance.now();
      try {
        if (i % 2 === 0) {
          await graphql(url, RUNS);
          runs.latencies.push(performance.now() - t);
        } else {
          const data = await graphql<{ run: { status: string; progress: typeof progress } }>(url, RUN, { id: startBatch.id });
          run.latencies.push(performance.now() - t);
          progress = data.run.progress;
          if (data.run.status === 'COMPLETED' || data.run.status === 'CANCELLED') finished = true;
        }
      } catch (err) {
        failures.add(err);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  } finally {
    finished = true;
    stop();
  }
  return { seconds: elapsed(), total: progress.total, failed: progress.failed, kinds: [runs, run], failures };
}
