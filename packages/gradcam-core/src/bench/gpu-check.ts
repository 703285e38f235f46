/**
 * The GPU check (run by tools/gpu-check.sh on a machine with an NVIDIA GPU):
 *  1. equivalence: every in-graph CAM method on each GPU provider against the CPU, and against
 *     the PyTorch reference maps of the effnet4 fixture, on the same inputs;
 *  2. speed: ms/sample of plain inference of the original model vs the engine's Grad-CAM on the
 *     GPU at several batch sizes.
 * Usage: node dist/bench/gpu-check.js <out dir> <model dir>[:<inputs dir>]... [--bench <model dir>]
 *        [--batches 1,8,32,64] [--devices cuda,webgpu] [--torch <bench_torch_gradcam.py JSON>]
 *        [--card <name>] [--profile <batch>: onnxruntime's profile of one batch, plain and engine]
 * The rows compared are <inputs dir>/<input>.npy where given, else the fixture case
 * `<model dir>/cases/b4_mixed` (which also holds PyTorch's maps). Writes gpu-check.json to
 * <out dir> (gpu-report.md: the tables for BENCHMARKS.md) and prints a summary. The GPU machine needs no sharp: `--prepare <model dir> <n>
 * <inputs dir>` decodes the first n manifest samples into .npy files beforehand.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CAM_METHODS } from '../cam/methods';
import { isForwardMethod } from '../cam/forward/forward-method';
import { CompileCache } from '../compile/cache';
import { npyFloat32, readNpy, writeNpy } from '../image/npy';
import { loadModel, type LoadedModel } from '../model/load';
import { openSession, type ResolvedDevice } from '../runtime/device';
import { CamEngine, type CamBatch, type InputTensor } from '../runtime/engine';
import { profile, type ProfileSummary, randomInputs, timeIt } from './measure';


interface Rows {
  inputs: Record<string, InputTensor>;
  /** The fixture's target class per row (its reference maps are for these). */
  targets?: number[];
  /** The fixture case holding PyTorch's maps. */
  reference?: string;
}

function readInputs(model: LoadedModel, inputsDir: string | undefined): Rows {
  const caseDir = inputsDir ?? join(dirname(model.path), 'cases', 'b4_mixed');
  const inputs = Object.fromEntries(
    model.config.inputs.map((spec) => {
      const file = join(caseDir, inputsDir ? `${spec.name}.npy` : `input_${spec.name}.npy`);
      const npy = readNpy(file);
      return [spec.name, { data: npyFloat32(npy, file), dims: npy.shape }];
    }),
  );
  if (inputsDir) return { inputs };
  const targets = Array.from(readNpy(join(caseDir, 'targets.npy')).data as BigInt64Array, Number);
  return { inputs, targets, reference: caseDir };
}

/** Decodes the first `count` samples of the model's demo manifest into one .npy per input. */
async function prepareInputs(dir: string, count: number, outDir: string): Promise<void> {
  // Loaded here only: the GPU machine runs the check without sharp.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { readManifest } = require('../dataset/manifest') as typeof import('../dataset/manifest');
  const { loadSampleFiles } = require('../dataset/sample-loader') as typeof import('../dataset/sample-loader');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const model = loadModel(dir);
  const rows = readManifest(join(dir, 'samples'), model.config).rows.slice(0, count);
  const samples = await Promise.all(rows.map((row) => loadSampleFiles(model.config.inputs, row.files)));
  mkdirSync(outDir, { recursive: true });
  for (const spec of model.config.inputs) {
    const data = new Float32Array(samples.flatMap((s) => Array.from(s.inputs[spec.name]!.data)));
    writeNpy(join(outDir, `${spec.name}.npy`), data, [rows.length, spec.channels, spec.height, spec.width]);
  }
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? m : Infinity;
};

/** Largest difference between two results over every input's maps and the probabilities. */
function compare(a: CamBatch, b: CamBatch): { cam: number; probabilities: number; samePrediction: boolean } {
  let cam = 0;
  let probabilities = 0;
  for (const name of Object.keys(a.heatmaps)) a.heatmaps[name]!.forEach((row, r) => (cam = Math.max(cam, maxAbsDiff(row, b.heatmaps[name]![r]!))));
  a.probabilities.forEach((row, r) => (probabilities = Math.max(probabilities, maxAbsDiff(row, b.probabilities[r]!))));
  return { cam, probabilities, samePrediction: a.predictedClass.join() === b.predictedClass.join() };
}

/** The PyTorch reference maps of a fixture case (tools/make_fixtures.py), flattened per input. */
function referenceDiff(caseDir: string, method: string, result: CamBatch): number | undefined {
  const suffix = method === 'gradcam' ? '' : `${method}_`;
  let worst = 0;
  for (const [name, rows] of Object.entries(result.heatmaps)) {
    const file = join(caseDir, `cam_${suffix}${name}.npy`);
    if (!existsSync(file)) return undefined;
    const npy = readNpy(file);
    // Maps other than Grad-CAM's are stored as uint16 fixed point (q / 65535).
    const ref = npy.data instanceof Uint16Array ? Float32Array.from(npy.data, (q) => q / 65535) : npyFloat32(npy, file);
    const width = ref.length / rows.length;
    rows.forEach((row, r) => (worst = Math.max(worst, maxAbsDiff(row, ref.subarray(r * width, (r + 1) * width)))));
  }
  return worst;
}

interface EquivalenceRow {
  model: string;
  method: string;
  device: ResolvedDevice;
  rows: number;
  camMaxAbsDiffVsCpu?: number;
  probMaxAbsDiffVsCpu?: number;
  samePrediction?: boolean;
  camMaxAbsDiffVsPytorch?: number;
  error?: string;
}

async function equivalence(dir: string, inputsDir: string | undefined, devices: ResolvedDevice[], cache: CompileCache): Promise<EquivalenceRow[]> {
  const model = loadModel(dir);
  const { inputs, targets, reference } = readInputs(model, inputsDir);
  const rows: EquivalenceRow[] = [];
  const methods = [...CAM_METHODS.values()].filter((m) => !isForwardMethod(m)).map((m) => m.name);
  for (const method of methods) {
    const cpu = await CamEngine.create(model, { device: 'cpu', method, cache });
    const base = await cpu.run(inputs, targets);
    await cpu.dispose();
    const n = base.predictedClass.length;
    rows.push({ model: dir, method, device: 'cpu', rows: n, camMaxAbsDiffVsPytorch: reference ? referenceDiff(reference, method, base) : undefined });
    for (const device of devices) {
      try {
        const engine = await CamEngine.create(model, { device, method, cache });
        const result = await engine.run(inputs, targets);
        await engine.dispose();
        const d = compare(base, result);
        rows.push({
          model: dir,
          method,
          device,
          rows: n,
          camMaxAbsDiffVsCpu: d.cam,
          probMaxAbsDiffVsCpu: d.probabilities,
          samePrediction: d.samePrediction,
          camMaxAbsDiffVsPytorch: reference ? referenceDiff(reference, method, result) : undefined,
        });
      } catch (err) {
        rows.push({ model: dir, method, device, rows: n, error: (err as Error).message.split('\n')[0] });
      }
    }
  }
  return rows;
}

interface SpeedRow {
  model: string;
  device: ResolvedDevice;
  batch: number;
  plainMsPerSample: number;
  engineMsPerSample: number;
  ratio: number;
}

/** Enough iterations for a stable median without spending minutes on the largest batches. */
const iterationsFor = (batch: number): number => Math.max(10, Math.ceil(200 / batch));

async function speed(dir: string, device: ResolvedDevice, batches: number[], cache: CompileCache): Promise<SpeedRow[]> {
  const model = loadModel(dir);
  const { session } = await openSession(model.bytes, { device });
  const engine = await CamEngine.create(model, { device, cache });
  const rows: SpeedRow[] = [];
  try {
    for (const batch of batches) {
      const inputs = randomInputs(model, batch);
      const feeds = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)]));
      const plain = (await timeIt(iterationsFor(batch), async () => Object.values(await session.run(feeds)).forEach((t) => t.dispose()))) / batch;
      const cams = (await timeIt(iterationsFor(batch), () => engine.run(inputs))) / batch;
      rows.push({ model: dir, device, batch, plainMsPerSample: plain, engineMsPerSample: cams, ratio: cams / plain });
      console.log(`speed ${dir} ${device} batch ${batch}: plain ${plain.toFixed(2)} ms/sample, engine ${cams.toFixed(2)} ms/sample, ×${(cams / plain).toFixed(2)}`);
    }
  } finally {
    await session.release();
    await engine.dispose();
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const take = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const prepare = args.indexOf('--prepare');
  if (prepare >= 0) {
    const [dir, count, outDir] = args.slice(prepare + 1);
    return prepareInputs(dir!, Number(count), outDir!);
  }
  const bench = take('--bench');
  const batches = (take('--batches') ?? '1,8,32,64').split(',').map(Number);
  const devices = (take('--devices') ?? 'cuda,webgpu').split(',') as ResolvedDevice[];
  const torchJson = take('--torch');
  const profileBatch = take('--profile');
  const card = take('--card') ?? 'unknown GPU';
  const [outDir, ...modelDirs] = args;
  if (!outDir || modelDirs.length === 0) {
    process.stderr.write('usage: gpu-check <out dir> <model dir>... [--bench <model dir>] [--batches 1,8,32,64]\n');
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  const cache = new CompileCache(null);
  const report: { equivalence: EquivalenceRow[]; speed: SpeedRow[]; speedErrors: string[]; profiles: ProfileSummary[] } = { equivalence: [], speed: [], speedErrors: [], profiles: [] };
  const save = (): void => writeFileSync(join(outDir, 'gpu-check.json'), JSON.stringify(report, null, 1));
  const models = modelDirs.map((arg) => arg.split(':') as [string, string | undefined]);
  for (const [dir, inputsDir] of models) {
    report.equivalence.push(...(await equivalence(dir, inputsDir, devices, cache)));
    save();
  }
  for (const row of report.equivalence) {
    const fmt = (x: number | undefined): string => (x === undefined ? '-' : x.toExponential(2));
    console.log(`equivalence ${row.model} ${row.method} ${row.device}: ${row.error ?? `cam vs cpu ${fmt(row.camMaxAbsDiffVsCpu)}, prob vs cpu ${fmt(row.probMaxAbsDiffVsCpu)}, same prediction ${row.samePrediction ?? '-'}, cam vs pytorch ${fmt(row.camMaxAbsDiffVsPytorch)}`}`);
  }
  for (const dir of [models[0]![0], ...(bench ? [bench] : [])]) {
    for (const device of devices) {
      try {
        report.speed.push(...(await speed(dir, device, batches, cache)));
      } catch (err) {
        report.speedErrors.push(`${dir} ${device}: ${(err as Error).message.split('\n')[0]}`);
        console.log(`speed ${dir} ${device}: ${(err as Error).message.split('\n')[0]}`);
      }
      save();
    }
  }
  if (profileBatch) {
    const dir = bench ?? models[0]![0];
    for (const device of devices) {
      for (const mode of ['plain', 'engine'] as const) {
        try {
          const p = await profile(dir, device, mode, Number(profileBatch), outDir);
          report.profiles.push(p);
          console.log(`profile ${mode} ${device} batch ${p.batch}: wall ${p.wallMs.toFixed(1)} ms, onnxruntime ${p.runMs.toFixed(1)} ms; by provider ${JSON.stringify(p.byProvider)}; top ops ${p.byOp.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
        } catch (err) {
          console.log(`profile ${mode} ${device}: ${(err as Error).message.split('\n')[0]}`);
        }
        save();
      }
    }
  }
  const torch = readTorchReport(torchJson);
  writeFileSync(join(outDir, 'gpu-report.md'), markdown(report, card, torch));
  console.log(markdown(report, card, torch));
}

interface TorchReport {
  torch: string;
  device: string;
  results: { batch: number; forward_ms_per_sample: number; gradcam_ms_per_sample: number }[];
}

/** The PyTorch baseline's last line, if it ran (it needs torch and the benchmark model). */
function readTorchReport(path: string | undefined): TorchReport | undefined {
  try {
    return path ? (JSON.parse(readFileSync(path, 'utf8').trim().split('\n').pop()!) as TorchReport) : undefined;
  } catch {
    return undefined;
  }
}

function markdown(report: { equivalence: EquivalenceRow[]; speed: SpeedRow[]; speedErrors: string[] }, card: string, torch: TorchReport | undefined): string {
  const e = (x: number | undefined): string => (x === undefined ? '–' : x.toExponential(1));
  const f = (x: number): string => x.toFixed(2);
  const lines = [
    `Card: ${card}. Command: \`tools/gpu-check.sh\` (${new Date().toISOString().slice(0, 10)}).`,
    '',
    'Heat maps on the GPU vs the CPU (same inputs, same compiled graph; max abs difference of the normalised maps and of the probabilities), and vs the PyTorch reference maps of the fixture:',
    '',
    '| model | method | device | rows | maps vs CPU | probabilities vs CPU | same prediction | maps vs PyTorch |',
    '|---|---|---|---|---|---|---|---|',
    ...report.equivalence.map((r) =>
      r.error
        ? `| ${r.model} | ${r.method} | ${r.device} | ${r.rows} | failed: ${r.error} | | | |`
        : `| ${r.model} | ${r.method} | ${r.device} | ${r.rows} | ${e(r.camMaxAbsDiffVsCpu)} | ${e(r.probMaxAbsDiffVsCpu)} | ${r.samePrediction ?? '–'} | ${e(r.camMaxAbsDiffVsPytorch)} |`,
    ),
    '',
    'Speed, ms/sample (median of ≥10 runs after 3 warm-ups; inputs from and results to host memory): (a) plain onnxruntime inference of the original model, (b) the engine\'s Grad-CAM for every input, (c) PyTorch Grad-CAM the usual way (hooks + backward) on the same GPU' + (torch ? ` (torch ${torch.torch}, ${torch.device})` : '') + ':',
    '',
    '| model | device | batch | (a) inference | (b) engine Grad-CAM | (b)/(a) | (c) PyTorch | (c)/(b) |',
    '|---|---|---|---|---|---|---|---|',
    ...report.speed.map((r) => {
      const t = torch && r.model.includes('bench') ? torch.results.find((x) => x.batch === r.batch) : undefined;
      return `| ${r.model} | ${r.device} | ${r.batch} | ${f(r.plainMsPerSample)} | ${f(r.engineMsPerSample)} | ${f(r.ratio)} | ${t ? f(t.gradcam_ms_per_sample) : '–'} | ${t ? (t.gradcam_ms_per_sample / r.engineMsPerSample).toFixed(1) : '–'} |`;
    }),
    ...report.speedErrors.map((err) => `\nNot measured: ${err}`),
    '',
  ];
  return lines.join('\n');
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
