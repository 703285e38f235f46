/**
 * `npm run bench -w packages/gradcam-core [-- --model <name>]`: the engine's Grad-CAM (all inputs)
 * vs plain onnxruntime inference of the original model vs PyTorch Grad-CAM the usual way (hooks +
 * backward), batch 1 and 8, CPU, on one of the BENCH_MODELS (generated on demand by
 * tools/make_bench_model.py): `effnet4-b0` (default), the full-size 4-input EfficientNet-B0 at
 * 224×224, or `vit-b16`, torchvision's ViT-B/16 at 224×224 (no PyTorch baseline: Debian's torch
 * multiplies matrices with the reference BLAS, which says nothing about PyTorch).
 * Each measurement runs in its own process so its peak RSS is its own.
 * Writes the model's section of BENCHMARKS.md (root) with a plot, and prints the table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { physicalCores } from '../runtime/device';
import { type Measurement, profile, type ProfileSummary } from './measure';
import { BENCHMARKS_FILE, writePlot, writeSection } from './report-file';
import { barChartSvg } from './svg-chart';

const ROOT = resolve(__dirname, '../../../..');
const PYTHON = '/usr/bin/python3';
const BATCHES = [1, 8];
/** Rounds per batch size, each a plain and an engine process back to back. */
const ROUNDS = 3;
const threads = Number(process.env.GRADCAM_BENCH_THREADS ?? physicalCores());

/** A benchmarked model: where it lives, how it is generated, how it is reported. */
export interface BenchModel {
  /** Folder under bench-models/ (the `--model` name). */
  name: string;
  /** Arguments of tools/make_bench_model.py besides --out. */
  generate: string[];
  /** Timed iterations per batch size (each after 3 warm-up runs). */
  iterations: Record<number, number>;
  /** Whether tools/bench_torch_gradcam.py can time the same weights (needs model.pt). */
  torchBaseline: boolean;
  /** BENCHMARKS.md section, plot file under docs/img (none: no plot) and the sentence that describes the model. */
  section: string;
  plot?: { file: string; title: string };
  description: string;
}

export const BENCH_MODELS: Record<string, BenchModel> = {
  'effnet4-b0': {
    name: 'effnet4-b0',
    generate: [],
    iterations: { 1: 50, 8: 12 },
    torchBaseline: true,
    section: 'Engine, CPU',
    plot: { file: 'engine-cpu.svg', title: 'Full-size 4 × EfficientNet-B0, CPU: ms per sample (log scale)' },
    description:
      'Full-size 4-input EfficientNet-B0 (one backbone per input, 1×224×224 each, random calibrated weights; `tools/make_bench_model.py`), Grad-CAM for all 4 inputs',
  },
  'vit-b16': {
    name: 'vit-b16',
    generate: ['--family', 'vit_b_16'],
    // ~10× the FLOPs of one EfficientNet-B0 backbone: fewer iterations keep it to a few minutes on 2 cores
    iterations: { 1: 10, 8: 4 },
    torchBaseline: false,
    section: 'Engine, CPU, ViT-B/16',
    description:
      "torchvision ViT-B/16 (3×224×224, 1000 classes, random calibrated weights, head re-initialised; `tools/make_bench_model.py --family vit_b_16`), Grad-CAM at the engine's default layer (`encoder.layers[-1].ln_1`, tokens: 1 class token + 14×14 patches)",
  },
};

/** `--profile`: also where the engine's extra time goes, from onnxruntime's profiler (in-process, after the timing). */
const PROFILE = process.argv.includes('--profile');

function parseArgs(argv: string[]): BenchModel {
  const i = argv.indexOf('--model');
  const name = i >= 0 ? argv[i + 1] : 'effnet4-b0';
  const model = name ? BENCH_MODELS[name] : undefined;
  if (!model) throw new Error(`--model: one of ${Object.keys(BENCH_MODELS).join(', ')}`);
  return model;
}

const BENCH = parseArgs(process.argv.slice(2));
const MODEL_DIR = process.env.GRADCAM_BENCH_MODEL ?? join(ROOT, 'bench-models', BENCH.name);
const ITERATIONS = BENCH.iterations;

function hasTorch(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
}

function ensureModel(): void {
  if (existsSync(join(MODEL_DIR, 'model.onnx'))) return;
  if (!hasTorch()) throw new Error(`${MODEL_DIR}/model.onnx is missing and ${PYTHON} has no torch to generate it (tools/make_bench_model.py)`);
  console.log(`generating ${MODEL_DIR} with tools/make_bench_model.py ...`);
  execFileSync(PYTHON, [join(ROOT, 'tools', 'make_bench_model.py'), ...BENCH.generate, '--out', MODEL_DIR], { stdio: 'inherit' });
}

function measure(mode: 'plain' | 'engine', batch: number, cacheDir: string): Measurement {
  const out = execFileSync(process.execPath, [join(__dirname, 'measure.js'), mode, MODEL_DIR, String(batch), String(ITERATIONS[batch]), String(threads)], {
    env: { ...process.env, GRADCAM_BENCH_CACHE: cacheDir },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Measurement;
}

interface TorchResult {
  batch: number;
  forward_ms_per_sample: number;
  gradcam_ms_per_sample: number;
}

function measureTorch(): { version: string; results: TorchResult[] } | undefined {
  if (!BENCH.torchBaseline || !hasTorch()) return undefined;
  const args = [join(ROOT, 'tools', 'bench_torch_gradcam.py'), '--model-dir', MODEL_DIR, '--iters', '5', '--threads', String(threads)];
  for (const b of BATCHES) args.push('--batch', String(b));
  const out = execFileSync(PYTHON, args, {
    // Keeps glibc from returning large buffers to the kernel after every pass (fair to PyTorch).
    env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184' },
    encoding: 'utf8',
  });
  const doc = JSON.parse(out.trim().split('\n').pop()!) as { torch: string; results: TorchResult[] };
  return { version: doc.torch, results: doc.results };
}

/** Op types by the time the engine's graph spends on them beyond the plain model's (ms per run). */
function excess(plain: ProfileSummary, engine: ProfileSummary): [string, number, number][] {
  const before = new Map(plain.byOp);
  return engine.byOp.map(([op, ms]): [string, number, number] => [op.replace(/@CPUExecutionProvider$/, ''), ms - (before.get(op) ?? 0), ms]).sort((a, b) => b[1] - a[1]);
}

async function profileRows(cacheDir: string): Promise<string[]> {
  const outDir = join(cacheDir, 'profiles');
  mkdirSync(outDir, { recursive: true });
  const lines = ['', "Where the engine's extra time goes (onnxruntime's profiler, `--profile`; per run, inside onnxruntime, 3 profiled runs after 3 warm-ups; op types by time beyond the plain model's):"];
  for (const batch of BATCHES) {
    const plain = await profile(MODEL_DIR, 'cpu', 'plain', batch, outDir, { runs: 3, threads, top: Infinity });
    const engine = await profile(MODEL_DIR, 'cpu', 'engine', batch, outDir, { runs: 3, threads, top: Infinity });
    const top = excess(plain, engine).slice(0, 6);
    const line = `- batch ${batch}: plain ${plain.runMs.toFixed(1)} ms, engine ${engine.runMs.toFixed(1)} ms (${(engine.runMs / plain.runMs).toFixed(2)}×); ${top.map(([op, extra, total]) => `${op} +${extra.toFixed(1)} ms (${total.toFixed(1)} ms in all)`).join(', ')}.`;
    console.log(line);
    lines.push(line);
  }
  return lines;
}

async function main(): Promise<void> {
  ensureModel();
  const cacheDir = mkdtempSync(join(tmpdir(), 'gradcam-bench-'));
  try {
    // The first engine process compiles (and fills the cache); the measured ones hit the cache.
    const cold = measure('engine', 1, cacheDir);
    // The machine's speed drifts between processes: each round pairs a plain and an engine process
    // back to back, and the table shows the median round (by the engine/plain ratio).
    const rows = BATCHES.map((batch) => {
      const rounds = Array.from({ length: ROUNDS }, () => ({ plain: measure('plain', batch, cacheDir), engine: measure('engine', batch, cacheDir) }));
      rounds.sort((a, b) => a.engine.msPerSample / a.plain.msPerSample - b.engine.msPerSample / b.plain.msPerSample);
      return { batch, ...rounds[Math.floor(ROUNDS / 2)]! };
    });
    const torch = measureTorch();
    const profiles = PROFILE ? await profileRows(cacheDir) : [];
    const f = (x: number): string => x.toFixed(1);
    const lines = [
      `${BENCH.description}, CPU, ${threads} intra-op threads, ${cpus()[0]?.model ?? 'unknown CPU'}.`,
      `Command: \`npm run bench -w packages/gradcam-core${BENCH.name === 'effnet4-b0' ? '' : ` -- --model ${BENCH.name}`}\` (${new Date().toISOString().slice(0, 10)}). Median of ${ITERATIONS[1]} (batch 1) / ${ITERATIONS[8]} (batch 8) runs after 3 warm-up runs, each in a fresh process; the median of ${ROUNDS} rounds of (a) then (b) by the (b)/(a) ratio.`,
      '',
      BENCH.torchBaseline
        ? '| batch | (a) ORT inference, ms/sample | (b) engine Grad-CAM, ms/sample | (b)/(a) | (c) PyTorch hooks+backward, ms/sample | (c)/(b) | peak RSS (a) MB | peak RSS (b) MB | (b)/(a) RSS |'
        : '| batch | (a) ORT inference, ms/sample | (b) engine Grad-CAM, ms/sample | (b)/(a) | peak RSS (a) MB | peak RSS (b) MB | (b)/(a) RSS |',
      BENCH.torchBaseline ? '|---|---|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|---|',
      ...rows.map(({ batch, plain, engine }) => {
        const t = torch?.results.find((r) => r.batch === batch);
        const pyTorch = BENCH.torchBaseline ? ` ${t ? f(t.gradcam_ms_per_sample) : 'n/a (no torch)'} | ${t ? (t.gradcam_ms_per_sample / engine.msPerSample).toFixed(1) : '–'} |` : '';
        return `| ${batch} | ${f(plain.msPerSample)} | ${f(engine.msPerSample)} | ${(engine.msPerSample / plain.msPerSample).toFixed(2)} |${pyTorch} ${plain.peakRssMb.toFixed(0)} | ${engine.peakRssMb.toFixed(0)} | ${(engine.peakRssMb / plain.peakRssMb).toFixed(2)} |`;
      }),
      '',
      `Compiling the augmented graph: ${f(cold.compileMs ?? 0)} ms (cache ${cold.cacheHit}); the measured engine processes found it in the disk cache (${rows.map((r) => r.engine.cacheHit).join(', ')}, compile ${rows.map((r) => f(r.engine.compileMs ?? 0)).join(', ')} ms).`,
      torch
        ? `PyTorch ${torch.version} forward alone (no_grad): ${torch.results.map((r) => `batch ${r.batch} ${f(r.forward_ms_per_sample)} ms/sample`).join(', ')}.`
        : BENCH.torchBaseline
          ? 'PyTorch: not measured (no torch at /usr/bin/python3).'
          : "PyTorch: not measured for this model (Debian's torch 1.13 multiplies matrices with the reference BLAS here, ~3 GFLOP/s: no fair baseline).",
      ...profiles,
      '',
    ];
    const report = lines.join('\n');
    const chart = (plot: { file: string; title: string }): string =>
      writePlot(
        plot.file,
        barChartSvg({
          title: plot.title,
          yLabel: 'ms / sample',
          categories: rows.map((r) => `batch ${r.batch}`),
          series: [
            { name: 'onnxruntime inference', values: rows.map((r) => r.plain.msPerSample) },
            { name: 'engine Grad-CAM', values: rows.map((r) => r.engine.msPerSample) },
            ...(torch ? [{ name: 'PyTorch hooks + backward', values: rows.map((r) => torch.results.find((t) => t.batch === r.batch)?.gradcam_ms_per_sample ?? NaN) }] : []),
          ],
          log: true,
        }),
        'engine vs inference vs PyTorch, CPU',
      );
    const plot = BENCH.plot ? chart(BENCH.plot) : '';
    writeSection(BENCHMARKS_FILE, BENCH.section, `${report}\n${plot}\n`);
    console.log(report);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
