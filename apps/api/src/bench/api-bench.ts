/**
 * `npm run bench -w apps/api` (after a build): the API's costs on this machine, written to
 * apps/api/BENCHMARKS.md.
 * - analyzeSample latency over HTTP vs the engine alone (target: p50 within 1.3×), on the demo
 *   model and, where tools/make_bench_model.py has made it, the full-size model in bench-models/;
 * - `run { summary }` and a filtered samples page on a run of 100,000 synthetic rows (target < 200 ms);
 * - batch throughput with 1 and 2 worker processes.
 * Options (environment): BENCH_ROUNDS (default 100), BENCH_ROWS (100000), BENCH_BATCH (120 samples).
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { physicalCores } from 'gradcam-core';
import { startApi } from '../app/api-server';
import { readConfig } from '../config/env';
import { repoRoot } from '../config/repo-root';
import { benchDatabase } from './bench-database';
import { latencyBench } from './latency-bench';
import { queryBench } from './query-bench';
import { ms } from './stats';
import { createSyntheticRun } from './synthetic-run';
import { throughputBench } from './throughput-bench';

const number = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);

async function main(): Promise<void> {
  const rounds = number('BENCH_ROUNDS', 100);
  const rows = number('BENCH_ROWS', 100_000);
  const batchSamples = number('BENCH_BATCH', 120);
  const cores = physicalCores();
  const db = await benchDatabase();
  const artifactDir = await mkdtemp(join(tmpdir(), 'gradcam-bench-artifacts-'));
  const device = (process.env.GRADCAM_DEVICE as 'cpu' | undefined) ?? 'cpu';
  // The data root is the repository, so that bench-models/ can be registered beside models/demo.
  const api = await startApi({ ...readConfig(), dataRoot: repoRoot(), databaseUrl: db.url, artifactDir, port: 0, inProcessWorkers: 0, device }, db.url);
  const lines: string[] = [];
  const say = (line = ''): void => {
    console.log(line);
    lines.push(line);
  };
  try {
    say('# API benchmarks');
    say();
    say(`\`npm run bench -w apps/api\`, ${new Date().toISOString().slice(0, 10)}: ${cpus()[0]?.model ?? 'CPU'}, ${cores} physical cores, device ${device}, load average at start ${loadavg()[0]!.toFixed(1)} (other work on the machine inflates every figure). Queries and batches use the demo model.`);
    say();

    const samplesDir = join(repoRoot(), 'models/demo/samples');
    const demo = await api.services.prisma.model.findFirstOrThrow({ where: { name: 'demo' } });
    const models = [{ id: demo.id, label: 'the demo model (4 width-reduced EfficientNet-B0 branches)' }];
    // The full-size model of the engine benchmark, where tools/make_bench_model.py has made it.
    const benchModels = join(repoRoot(), 'bench-models');
    const full = (existsSync(benchModels) ? readdirSync(benchModels, { withFileTypes: true }) : []).find((d) => d.isDirectory() && existsSync(join(repoRoot(), 'bench-models', d.name, 'model.onnx')));
    if (full) models.push({ id: (await api.services.models.register(`bench-models/${full.name}`)).id, label: `bench-models/${full.name} (4 full-size EfficientNet-B0 branches)` });
    say(`## analyzeSample latency (${rounds} rounds after 5 warm-up, demo images)`);
    say();
    say('| model | | p50 | p95 | p50 vs engine alone | median of per-round ratios |');
    say('|---|---|---|---|---|---|');
    for (const m of models) {
      const lat = await latencyBench(api, m.id, samplesDir, ['s0001', 's0002', 's0003', 's0004', 's0005', 's0006', 's0007', 's0008'], rounds, 5);
      say(`| ${m.label} | analyzeSample over HTTP (base64 images in; heat maps written, rows stored; PNGs are drawn on first request) | ${ms(lat.api.p50)} | ${ms(lat.api.p95)} | ${(lat.api.p50 / lat.engineWithDecode.p50).toFixed(2)}× | ${lat.pairedRatio.api.toFixed(2)}× |`);
      say(`| | analyzeSample over HTTP, images as server-side paths | ${ms(lat.apiByPath.p50)} | ${ms(lat.apiByPath.p95)} | ${(lat.apiByPath.p50 / lat.engineWithDecode.p50).toFixed(2)}× | ${lat.pairedRatio.apiByPath.toFixed(2)}× |`);
      say(`| | engine alone: decode the image files + engine run | ${ms(lat.engineWithDecode.p50)} | ${ms(lat.engineWithDecode.p95)} | 1.00× | |`);
      say(`| | engine run only (tensors ready) | ${ms(lat.engineRunOnly.p50)} | ${ms(lat.engineRunOnly.p95)} | ${(lat.engineRunOnly.p50 / lat.engineWithDecode.p50).toFixed(2)}× | |`);
      say(`| | an empty request (\`{ __typename }\`) over HTTP, same client | ${ms(lat.emptyRequest.p50)} | ${ms(lat.emptyRequest.p95)} | | |`);
      say(`| | later, the first GET of an input's overlay (its 3 PNGs drawn) | ${ms(lat.firstPng.p50)} | ${ms(lat.firstPng.p95)} | | |`);
    }
    say();

    const started = performance.now();
    const runId = await createSyntheticRun(api.services.prisma, demo.id, rows);
    say(`## Queries on a run of ${rows.toLocaleString('en')} synthetic samples (written in ${((performance.now() - started) / 1000).toFixed(1)} s), over HTTP`);
    say();
    say('| query | p50 | p95 | |');
    say('|---|---|---|---|');
    for (const q of await queryBench(api.url, runId, 15)) say(`| \`${q.name}\` | ${ms(q.p50)} | ${ms(q.p95)} | ${q.detail} |`);
    say();

    say(`## Batch throughput (${batchSamples} demo samples, chunks of 8, worker processes)`);
    say();
    say('| workers | threads each | time | samples/s |');
    say('|---|---|---|---|');
    for (const [workers, threads] of [
      [1, cores],
      [2, Math.max(1, Math.floor(cores / 2))],
    ] as const) {
      const r = await throughputBench(api, db.url, workers, threads, batchSamples, 8);
      say(`| ${r.workers} | ${r.threadsPerWorker} | ${r.seconds.toFixed(1)} s | ${r.samplesPerSecond.toFixed(1)} |`);
    }
    say();
    await writeFile(join(__dirname, '../../BENCHMARKS.md'), `${lines.join('\n')}\n`);
  } finally {
    await api.stop();
    await db.close();
    await rm(artifactDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exit(1);
});
