/**
 * Batch throughput: worker processes (`npm run worker`, as deployed) on the queue, a warm-up
 * batch so that engines are compiled and sessions open, then a timed batch from startBatch to
 * the run's completion.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { repoRoot } from '../config/repo-root';
import type { RunningApi } from '../app/api-server';
import { graphql } from './graphql-client';

export interface ThroughputResult {
  workers: number;
  threadsPerWorker: number;
  samples: number;
  seconds: number;
  samplesPerSecond: number;
}

const WORKER = join(__dirname, '../worker.js');

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (/worker\(s\) on the queue/.test(output)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function runBatch(api: RunningApi, modelId: string, limit: number, batchSize: number): Promise<number> {
  const dataset = relative(api.services.config.dataRoot, join(repoRoot(), 'models/demo/samples'));
  const started = performance.now();
  const { startBatch } = await graphql<{ startBatch: { id: string } }>(api.url, 'mutation($input: StartBatchInput!) { startBatch(input: $input) { id } }', { input: { modelId, dataset, batchSize, limit } });
  for (;;) {
    const { run } = await graphql<{ run: { status: string; progress: { failed: number } } }>(api.url, 'query($id: ID!) { run(id: $id) { status progress { failed } } }', { id: startBatch.id });
    if (run.status === 'COMPLETED') {
      if (run.progress.failed) throw new Error(`${run.progress.failed} samples failed`);
      return (performance.now() - started) / 1000;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function throughputBench(api: RunningApi, databaseUrl: string, workers: number, threadsPerWorker: number, samples: number, batchSize: number): Promise<ThroughputResult> {
  const { config } = api.services;
  const env = { ...process.env, DATABASE_URL: databaseUrl, GRADCAM_ARTIFACT_DIR: config.artifactDir, GRADCAM_DATA_ROOT: config.dataRoot, GRADCAM_DEVICE: config.device, GRADCAM_THREADS: String(threadsPerWorker), GRADCAM_WORKERS: '1' };
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  try {
    const model = (await api.services.prisma.model.findFirstOrThrow({ where: { name: 'demo' } }))!;
    await runBatch(api, model.id, 2 * workers * batchSize, batchSize);
    const seconds = await runBatch(api, model.id, samples, batchSize);
    return { workers, threadsPerWorker, samples, seconds, samplesPerSecond: samples / seconds };
  } finally {
    await Promise.all(children.map(stopWorker));
  }
}
