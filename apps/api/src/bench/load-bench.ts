/**
 * `npm run bench:load` (after a build): one API on the CPU under load, written as the "API under
 * load" section of the root BENCHMARKS.md.
 * - analyzeSample from 32 concurrent clients for 60 s: zero errors, p50/p95/p99 latency, memory flat
 *   (this process's RSS at the start and the end: the API runs in it);
 * - `runs` and `run { progress summary samples }` queries while a batch runs: p95 under 200 ms.
 * Options (environment): BENCH_LOAD_SECONDS (default 60), BENCH_LOAD_CLIENTS (32), BENCH_QUERY_CLIENTS (4).
 * Exits non-zero when any call failed; a target missed is reported, not an exit status.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { physicalCores } from 'gradcam-core';
import { BENCHMARKS_FILE, writeSection } from 'gradcam-core/dist/bench/report-file';
import { startApi } from '../app/api-server';
import { readConfig } from '../config/env';
import { repoRoot } from '../config/repo-root';
import { benchDatabase } from './bench-database';
import { analyzeLoad, type AnalyzeLoadResult, type BatchQueriesResult, mib, queriesDuringBatch, type QueryKind } from './load-phases';
import { ms, percentile } from './stats';

const number = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
/**
 * "Memory stays flat": RSS at the end at most this much above RSS after the first 5 s of load. The
 * reading right after the warm-up comes before 32 requests' buffers are in use at once, so it is
 * shown but not the baseline.
 */
const RSS_GROWTH_LIMIT = 0.1;
const QUERY_P95_TARGET_MS = 200;

const verdict = (pass: boolean): string => (pass ? '**PASS**' : '**FAIL**');
const signed = (v: number, text: string): string => `${v >= 0 ? '+' : ''}${text}`;

interface Setup {
  seconds: number;
  clients: number;
  queryClients: number;
  /** Load average (1 min) before the API started. */
  load: number;
}

/** The report's section: the setup, both phases' tables and one line per target. */
function report(s: Setup, a: AnalyzeLoadResult, b: BatchQueriesResult): string[] {
  const [warm, start, end] = [a.memory[0]!, a.memory[Math.min(1, a.memory.length - 1)]!, a.memory.at(-1)!];
  const max = (key: 'rss' | 'heapUsed'): number => Math.max(...a.memory.map((m) => m[key]));
  const growth = (end.rss - start.rss) / start.rss;
  const p = (q: number): string => (a.latencies.length ? ms(percentile(a.latencies, q)) : '–');
  const p95 = (k: QueryKind): number => percentile(k.latencies, 95);
  const cpu = `${cpus()[0]?.model ?? 'unknown CPU'}, ${physicalCores()} physical cores (${cpus().length} logical)`;
  return [
    `Command: \`npm run bench:load\` (\`npm run bench:load -w apps/api\` after a build), ${new Date().toISOString().slice(0, 10)}: ${cpu}, device cpu, load average at start ${s.load.toFixed(1)} (other work on the machine inflates every figure). One API with one in-process batch worker, the demo model, ${process.env.DATABASE_URL ? 'the DATABASE_URL server' : 'an embedded PostgreSQL'}; clients over HTTP from the same process.`,
    '',
    `### analyzeSample, ${s.clients} concurrent clients for ${s.seconds} s`,
    '',
    `Each client calls \`analyzeSample\` in a loop (base64 PNGs of the ${a.samples} demo samples in turn, the model's ad-hoc run, a new externalId each call), after one warm-up call per client. Memory is this process's (\`process.memoryUsage()\`): the API runs in it, with its batch worker and the load clients; PostgreSQL is a separate process.`,
    '',
    '| calls | calls/s | errors | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|---|',
    `| ${a.latencies.length} | ${(a.latencies.length / a.seconds).toFixed(1)} | ${a.failures.count} | ${p(50)} | ${p(95)} | ${p(99)} | ${p(100)} |`,
    '',
    '| memory | after warm-up | after 5 s of load | end | max | change (5 s → end) |',
    '|---|---|---|---|---|---|',
    `| RSS | ${mib(warm.rss)} | ${mib(start.rss)} | ${mib(end.rss)} | ${mib(max('rss'))} | ${signed(growth, `${(100 * growth).toFixed(1)}%`)} |`,
    `| heap used | ${mib(warm.heapUsed)} | ${mib(start.heapUsed)} | ${mib(end.heapUsed)} | ${mib(max('heapUsed'))} | ${signed(end.heapUsed - start.heapUsed, mib(end.heapUsed - start.heapUsed))} |`,
    '',
    `### Queries during a batch, ${s.queryClients} concurrent clients`,
    '',
    `A batch of the ${b.total} demo samples (\`startBatch\`, chunks of 8) ran in ${b.seconds.toFixed(1)} s (${b.failed} failed) on the in-process worker while the clients, alternating the two queries, asked until it completed.`,
    '',
    '| query | count | p50 | p95 |',
    '|---|---|---|---|',
    ...b.kinds.map((k) => `| \`${k.shape}\` | ${k.latencies.length} | ${ms(percentile(k.latencies, 50))} | ${ms(p95(k))} |`),
    '',
    '### Targets',
    '',
    `- ${verdict(a.failures.count + b.failures.count + b.failed === 0)} zero errors: ${a.failures.count} of ${a.latencies.length + a.failures.count} analyzeSample calls, ${b.failures.count} queries and ${b.failed} batch samples failed`,
    `- ${verdict(growth <= RSS_GROWTH_LIMIT)} memory flat: RSS ${mib(start.rss)} after 5 s of load, ${mib(end.rss)} at the end (limit +${100 * RSS_GROWTH_LIMIT}%)`,
    ...b.kinds.map((k) => `- ${verdict(p95(k) < QUERY_P95_TARGET_MS)} \`${k.name}\` during a batch: p95 ${ms(p95(k))} (target < ${QUERY_P95_TARGET_MS} ms)`),
  ];
}

async function main(): Promise<void> {
  const setup: Setup = { seconds: number('BENCH_LOAD_SECONDS', 60), clients: number('BENCH_LOAD_CLIENTS', 32), queryClients: number('BENCH_QUERY_CLIENTS', 4), load: loadavg()[0]! };
  const db = await benchDatabase();
  const artifactDir = await mkdtemp(join(tmpdir(), 'gradcam-load-artifacts-'));
  // The data root is the repository, so that the batch can read the demo set's manifest.
  const api = await startApi({ ...readConfig(), dataRoot: repoRoot(), databaseUrl: db.url, artifactDir, port: 0, inProcessWorkers: 1, device: 'cpu' }, db.url);
  const log = (line: string): void => console.log(line);
  let errors: string[];
  try {
    const samplesDir = join(repoRoot(), 'models/demo/samples');
    const demo = await api.services.prisma.model.findFirstOrThrow({ where: { name: 'demo' } });
    log(`analyzeSample: ${setup.clients} concurrent clients for ${setup.seconds} s (after one warm-up call each)`);
    const a = await analyzeLoad(api.url, demo.id, demo.inputs, samplesDir, setup.clients, setup.seconds, log);
    log(`queries during a batch of the demo set: ${setup.queryClients} concurrent clients`);
    const b = await queriesDuringBatch(api.url, demo.id, relative(api.services.config.dataRoot, samplesDir), setup.queryClients, log);
    const lines = report(setup, a, b);
    writeSection(BENCHMARKS_FILE, 'API under load', lines.join('\n'));
    log(`\n${lines.join('\n')}\n\nwrote the "API under load" section of ${BENCHMARKS_FILE}`);
    errors = [...a.failures.first, ...b.failures.first, ...(b.failed ? [`${b.failed} batch samples failed`] : [])];
  } finally {
    await api.stop();
    await db.close();
    await rm(artifactDir, { recursive: true, force: true });
  }
  if (errors.length) {
    console.error(`bench:load: errors under load; the first:\n  ${errors.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: Error) => {
  console.error(`bench:load: ${err.stack ?? err.message}`);
  process.exit(1);
});
