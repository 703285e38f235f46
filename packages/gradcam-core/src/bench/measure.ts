/**
 * One measurement in a fresh process (so peak RSS belongs to it alone): plain inference of the
 * original model, or the engine's CAMs, at one batch size. Prints one JSON line.
 * Usage: node dist/bench/measure.js <plain|engine> <model dir> <batch> <iterations> [threads]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CompileCache } from '../compile/cache';
import { loadModel } from '../model/load';
import { openSession, physicalCores, type ResolvedDevice } from '../runtime/device';
import { CamEngine, type InputTensor } from '../runtime/engine';

export interface Measurement {
  mode: 'plain' | 'engine';
  batch: number;
  threads: number;
  /** Median over the timed iterations, divided by the batch size. */
  msPerSample: number;
  peakRssMb: number;
  compileMs?: number;
  cacheHit?: string;
}

export function randomInputs(model: ReturnType<typeof loadModel>, batch: number): Record<string, InputTensor> {
  let s = 7;
  const next = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return Object.fromEntries(
    model.config.inputs.map((spec) => {
      const dims = [batch, spec.channels, spec.height, spec.width];
      return [spec.name, { data: Float32Array.from({ length: dims.reduce((a, c) => a * c, 1) }, next), dims }];
    }),
  );
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function timeIt(iterations: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await run(); // warm-up: allocations, kernel selection
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function measure(mode: string, dir: string, batch: number, iterations: number, threads: number): Promise<Measurement> {
  const model = loadModel(dir);
  const inputs = randomInputs(model, batch);
  if (mode === 'plain') {
    const { session } = await openSession(model.bytes, { device: 'cpu', threads });
    const feeds = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)]));
    const ms = await timeIt(iterations, async () => Object.values(await session.run(feeds)).forEach((t) => t.dispose()));
    return { mode, batch, threads, msPerSample: ms / batch, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  }
  const engine = await CamEngine.create(model, { device: 'cpu', threads, cache: new CompileCache(process.env.GRADCAM_BENCH_CACHE ?? null) });
  const ms = await timeIt(iterations, () => engine.run(inputs));
  return {
    mode: 'engine',
    batch,
    threads,
    msPerSample: ms / batch,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    compileMs: engine.compileMs,
    cacheHit: engine.cacheHit,
  };
}

export interface ProfileSummary {
  model: string;
  device: ResolvedDevice;
  mode: 'plain' | 'engine';
  batch: number;
  /** Wall time of the timed runs in JS (ms, median). */
  wallMs: number;
  /** onnxruntime's own time per run (ms, median of model_run events). */
  runMs: number;
  /** Node time per run by provider and by op type (ms), largest first. */
  byProvider: Record<string, number>;
  byOp: [string, number][];
}

/**
 * One session with onnxruntime's profiler on (GRADCAM_ORT_PROFILE): where the time of a run goes,
 * and on which provider. `byOp` lists the `top` op types (default 15) by time per run.
 */
export async function profile(
  dir: string,
  device: ResolvedDevice,
  mode: 'plain' | 'engine',
  batch: number,
  outDir: string,
  options: { runs?: number; threads?: number; top?: number } = {},
): Promise<ProfileSummary> {
  const model = loadModel(dir);
  const inputs = randomInputs(model, batch);
  const prefix = join(outDir, `profile-${mode}-b${batch}`);
  process.env.GRADCAM_ORT_PROFILE = prefix;
  const runs = options.runs ?? 5;
  const threads = options.threads;
  let wallMs: number;
  try {
    if (mode === 'plain') {
      const { session } = await openSession(model.bytes, { device, threads });
      const feeds = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)]));
      wallMs = await timeIt(runs, async () => Object.values(await session.run(feeds)).forEach((t) => t.dispose()));
      await session.release();
    } else {
      const engine = await CamEngine.create(model, { device, threads, cache: new CompileCache(null) });
      wallMs = await timeIt(runs, () => engine.run(inputs));
      await engine.dispose();
    }
  } finally {
    delete process.env.GRADCAM_ORT_PROFILE;
  }
  const file = readdirSync(outDir).filter((f) => join(outDir, f).startsWith(prefix) && f.endsWith('.json')).sort().pop();
  if (!file) throw new Error(`onnxruntime wrote no profile for ${prefix}`);
  const events = JSON.parse(readFileSync(join(outDir, file), 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string; provider?: string } }[];
  const modelRuns = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').map((e) => e.dur / 1000);
  // The last `runs` runs are the timed ones (3 warm-ups come first).
  const timed = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
  const byProvider: Record<string, number> = {};
  const byOp = new Map<string, number>();
  for (const e of timed) {
    const provider = e.args?.provider ?? '?';
    byProvider[provider] = (byProvider[provider] ?? 0) + e.dur / 1000 / (runs + 3);
    const key = `${e.args?.op_name ?? '?'}@${provider}`;
    byOp.set(key, (byOp.get(key) ?? 0) + e.dur / 1000 / (runs + 3));
  }
  const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
  return {
    model: dir,
    device,
    mode,
    batch,
    wallMs,
    runMs: sorted(modelRuns.slice(-runs))[Math.floor(runs / 2)] ?? NaN,
    byProvider,
    byOp: [...byOp.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.top ?? 15),
  };
}

if (require.main === module) {
  const [mode, dir, batch, iterations, threads] = process.argv.slice(2);
  if ((mode !== 'plain' && mode !== 'engine') || !dir) {
    process.stderr.write('usage: measure <plain|engine> <model dir> <batch> <iterations> [threads]\n');
    process.exit(2);
  }
  measure(mode, dir, Number(batch ?? 1), Number(iterations ?? 10), Number(threads ?? physicalCores())).then(
    (m) => console.log(JSON.stringify(m)),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
