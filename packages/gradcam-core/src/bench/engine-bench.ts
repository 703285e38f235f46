/**
 * `npm run bench -w packages/gradcam-core`: the engine's Grad-CAM (all inputs) vs plain
 * onnxruntime inference of the original model vs PyTorch Grad-CAM the usual way (hooks +
 * backward), on the full-size 4-input EfficientNet-B0 at 224×224, batch 1 and 8, CPU.
 * Each measurement runs in its own process so its peak RSS is its own.
 * Writes the "Engine, CPU" section of BENCHMARKS.md (root) with a plot, and prints the table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { physicalCores } from '../runtime/device';
import type { Measurement } from './measure';
import { BENCHMARKS_FILE, writePlot, writeSection } from './report-file';
import { barChartSvg } from './svg-chart';

const ROOT = resolve(__dirname, '../../../..');
const MODEL_DIR = process.env.GRADCAM_BENCH_MODEL ?? join(ROOT, 'bench-models', 'effnet4-b0');
const PYTHON = '/usr/bin/python3';
const BATCHES = [1, 8];
const ITERATIONS: Record<number, number> = { 1: 50, 8: 12 };
/** Rounds per batch size, each a plain and an engine process back to back. */
const ROUNDS = 3;
const threads = Number(process.env.GRADCAM_BENCH_THREADS ?? physicalCores());

function hasTorch(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
}

function ensureModel(): void {
  if (existsSync(join(MODEL_DIR, 'model.onnx'))) return;
  if (!hasTorch()) throw new Error(`${MODEL_DIR}/model.onnx is missing and ${PYTHON} has no torch to generate it (tools/make_bench_model.py)`);
  console.log(`generating ${MODEL_DIR} with tools/make_bench_model.py ...`);
  execFileSync(PYTHON, [join(ROOT, 'tools', 'make_bench_model.py'), '--out', MODEL_DIR], { stdio: 'inherit' });
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
  if (!hasTorch()) return undefined;
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

function main(): void {
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
    const f = (x: number): string => x.toFixed(1);
    const lines = [
      `Full-size 4-input EfficientNet-B0 (one backbone per input, 1×224×224 each, random calibrated weights; \`tools/make_bench_model.py\`), Grad-CAM for all 4 inputs, CPU, ${threads} intra-op threads, ${cpus()[0]?.model ?? 'unknown CPU'}.`,
      `Command: \`npm run bench -w packages/gradcam-core\` (${new Date().toISOString().slice(0, 10)}). Median of ${ITERATIONS[1]} (batch 1) / ${ITERATIONS[8]} (batch 8) runs after 3 warm-up runs, each in a fresh process; the median of ${ROUNDS} rounds of (a) then (b) by the (b)/(a) ratio.`,
      '',
      '| batch | (a) ORT inference, ms/sample | (b) engine Grad-CAM, ms/sample | (b)/(a) | (c) PyTorch hooks+backward, ms/sample | (c)/(b) | peak RSS (a) MB | peak RSS (b) MB | (b)/(a) RSS |',
      '|---|---|---|---|---|---|---|---|---|',
      ...rows.map(({ batch, plain, engine }) => {
        const t = torch?.results.find((r) => r.batch === batch);
        return `| ${batch} | ${f(plain.msPerSample)} | ${f(engine.msPerSample)} | ${(engine.msPerSample / plain.msPerSample).toFixed(2)} | ${t ? f(t.gradcam_ms_per_sample) : 'n/a (no torch)'} | ${t ? (t.gradcam_ms_per_sample / engine.msPerSample).toFixed(1) : '–'} | ${plain.peakRssMb.toFixed(0)} | ${engine.peakRssMb.toFixed(0)} | ${(engine.peakRssMb / plain.peakRssMb).toFixed(2)} |`;
      }),
      '',
      `Compiling the augmented graph: ${f(cold.compileMs ?? 0)} ms (cache ${cold.cacheHit}); the measured engine processes found it in the disk cache (${rows.map((r) => r.engine.cacheHit).join(', ')}, compile ${rows.map((r) => f(r.engine.compileMs ?? 0)).join(', ')} ms).`,
      torch ? `PyTorch ${torch.version} forward alone (no_grad): ${torch.results.map((r) => `batch ${r.batch} ${f(r.forward_ms_per_sample)} ms/sample`).join(', ')}.` : 'PyTorch: not measured (no torch at /usr/bin/python3).',
      '',
    ];
    const report = lines.join('\n');
    const plot = writePlot(
      'engine-cpu.svg',
      barChartSvg({
        title: 'Full-size 4 × EfficientNet-B0, CPU: ms per sample (log scale)',
        yLabel: 'ms / sample',
        categories: rows.map((r) => `batch ${r.batch}`),
        series: [
          { name: 'onnxruntime inference', values: rows.map((r) => r.plain.msPerSample) },
          { name: 'engine Grad-CAM', values: rows.map((r) => r.engine.msPerSample) },
          { name: 'PyTorch hooks + backward', values: rows.map((r) => torch?.results.find((t) => t.batch === r.batch)?.gradcam_ms_per_sample ?? NaN) },
        ],
        log: true,
      }),
      'engine vs inference vs PyTorch, CPU',
    );
    writeSection(BENCHMARKS_FILE, 'Engine, CPU', `${report}\n${plot}\n`);
    console.log(report);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main();
