#!/usr/bin/env node
/**
 * `npm run zoo`: the engine on full-size torchvision models (random calibrated weights, 224×224).
 * tools/zoo_full.py exports each model with its PyTorch Grad-CAM reference (pytorch-grad-cam's
 * recipe, reshape_transform for token / channels-last layers) into .zoo/ (GRADCAM_ZOO_DIR); then,
 * per model, the engine compiles it with its default target layer and runs on the same input at
 * the predicted class and at another class. One line per model: compiled, the default layer, whether
 * it is the reference module (named target_image at export), and max |engine − PyTorch| of the maps.
 * Exit status 1 if a model fails to export or compile, or differs by more than 1e-3.
 * Arguments are passed to tools/zoo_full.py (e.g. --model vit_b_16, --force).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const PYTHON = '/usr/bin/python3';
const OUT = resolve(process.env.GRADCAM_ZOO_DIR ?? join(ROOT, '.zoo'));
const TOLERANCE = 1e-3;

function hasTorch() {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, torchvision, onnx'], { stdio: 'ignore' }).status === 0;
}

const oneLine = (err) => `${err.name ?? 'Error'}: ${String(err.message ?? err).split('\n')[0]}`;
const fmt = (x) => (x === 0 ? '0' : x.toExponential(1));

function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function checkModel(core, entry, threads) {
  const dir = join(OUT, entry.dir);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const head = `${entry.name}:`;
  if (meta.error) return { ok: false, line: `${head} compiled: no (export failed: ${meta.error})` };
  let engine;
  const started = performance.now();
  try {
    engine = await core.CamEngine.create(dir, { device: 'cpu', threads, cache: new core.CompileCache(null) });
  } catch (err) {
    return { ok: false, line: `${head} compiled: ${oneLine(err)}` };
  }
  try {
    const compileS = ((performance.now() - started) / 1000).toFixed(1);
    const t = engine.compiled.targets.image;
    const layer = `${t.tensor} (${core.describeLayout(t.layout)}, map [${t.mapShape.slice(1).join(',')}], ${t.reason})`;
    const isRef = t.tensor === meta.referenceTensor;
    const refText = `reference ${meta.module}: ${isRef ? 'yes' : `no (the reference is ${meta.referenceTensor})`}`;
    if (meta.excluded) {
      return { ok: true, line: `${head} compiled: yes (${compileS} s); default ${layer}; excluded from the comparison with PyTorch: ${meta.excluded}` };
    }
    const input = core.readNpy(join(dir, 'input.npy'));
    const image = { data: Float32Array.from(input.data), dims: input.shape };
    const diffs = [];
    let predicted;
    for (const [key, cls] of [['pred', meta.predClass], ['other', meta.otherClass]]) {
      const result = await engine.run({ image }, key === 'pred' ? undefined : cls);
      if (key === 'pred') predicted = result.predictedClass[0];
      const ref = core.readNpy(join(dir, `cam_${key}.npy`)).data;
      diffs.push({ key, cls: result.targetClass[0], wanted: cls, diff: maxAbsDiff(result.heatmaps.image[0], ref) });
    }
    const samePred = predicted === meta.predClass;
    const flat = (meta.camStd ?? []).some((std) => std < 0.02) ? ' (a PyTorch map is flat: weak check)' : '';
    const worst = Math.max(...diffs.map((d) => (d.cls === d.wanted ? d.diff : Infinity)));
    const ok = isRef && samePred && worst <= TOLERANCE;
    const diffText = diffs.map((d) => `${d.key === 'pred' ? 'predicted' : 'other'} class ${d.cls}${d.cls === d.wanted ? '' : ` (PyTorch: ${d.wanted})`} ${fmt(d.diff)}`).join(', ');
    return {
      ok,
      line: `${head} compiled: yes (${compileS} s); default ${layer}; ${refText}; max |engine − PyTorch| ${diffText}${flat}${samePred ? '' : ` — engine predicts class ${predicted}, PyTorch ${meta.predClass}`}${ok ? '' : isRef ? ` — above ${TOLERANCE}` : ' — not comparable'}`,
    };
  } finally {
    await engine.dispose();
  }
}

async function main() {
  if (!hasTorch()) {
    console.log(`zoo skipped: ${PYTHON} has no torch`);
    return 0;
  }
  console.log(`exporting into ${OUT} (tools/zoo_full.py; models already exported by the same script are reused) ...`);
  const py = spawnSync(PYTHON, [join(ROOT, 'tools', 'zoo_full.py'), '--out', OUT, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (py.status !== 0) {
    console.log(`zoo: tools/zoo_full.py failed (exit status ${py.status ?? py.signal})`);
    return 1;
  }
  const core = require('gradcam-core');
  const threads = Number(process.env.GRADCAM_ZOO_THREADS ?? core.physicalCores());
  const manifest = JSON.parse(readFileSync(join(OUT, 'manifest.json'), 'utf8'));
  console.log(`running the engine (CPU, ${threads} threads) on ${manifest.models.length} models ...`);
  const lines = [];
  let failed = 0;
  for (const [i, entry] of manifest.models.entries()) {
    if (entry.missing) {
      lines.push(`${entry.name}: ${entry.missing}`);
      continue;
    }
    process.stdout.write(`[${i + 1}/${manifest.models.length}] ${entry.name} ...\n`);
    const { ok, line } = await checkModel(core, entry, threads);
    if (!ok) failed++;
    lines.push(line);
  }
  console.log(`\nzoo (torch ${manifest.torch}, torchvision ${manifest.torchvision}; 1×3×224×224 input; tolerance ${TOLERANCE}):`);
  for (const line of lines) console.log(line);
  console.log(failed ? `\n${failed} model(s) failed` : '\nall models within tolerance');
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
