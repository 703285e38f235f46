/**
 * One measurement in a fresh process (so peak RSS belongs to it alone): plain inference of the
 * original model, or the engine's CAMs, at one batch size. Prints one JSON line.
 * Usage: node dist/bench/measure.js <plain|engine> <model dir> <batch> <iterations> [threads]
 */
import * as ort from 'onnxruntime-node';
import { CompileCache } from '../compile/cache';
import { loadModel } from '../model/load';
import { openSession, physicalCores } from '../runtime/device';
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
