/**
 * `gradcam evaluate`: are a model's heat maps faithful to it, on the user's own data? Scores every
 * input's map on the first N manifest samples against a random map of the same sample and prints
 * one table per input; `--json` writes the per-sample scores too.
 */
import { writeFileSync } from 'node:fs';
import { readManifest } from '../dataset/manifest';
import { loadSampleFiles } from '../dataset/sample-loader';
import { evaluateFaithfulness, type FaithfulnessSample, type InputFaithfulness } from '../faithfulness/evaluate';
import { FAITHFULNESS_DEFAULTS } from '../faithfulness/metrics';
import { openScorer } from '../faithfulness/scorer';
import { loadModel } from '../model/load';
import type { Device } from '../runtime/device';
import { CamEngine } from '../runtime/engine';
import { ProgressReporter, type ProgressSink } from './progress';

export interface EvaluateArgs {
  model: string;
  dataset: string;
  numSamples: number;
  method?: string;
  layer?: Record<string, string>;
  target: 'predicted' | 'true';
  inputs?: string[];
  steps?: number;
  road?: number[];
  device: Device;
  threads?: number;
  json?: string;
}

export const DEFAULT_EVALUATE_SAMPLES = 20;

const LABELS: Record<keyof InputFaithfulness, string> = {
  deletionAuc: 'deletion AUC',
  insertionAuc: 'insertion AUC',
  averageDrop: 'average drop %',
  increaseInConfidence: 'increase in confidence %',
  roadMorf: 'ROAD most relevant removed',
  roadLerf: 'ROAD least relevant removed',
};

export function formatFaithfulness(input: string, f: InputFaithfulness): string[] {
  const rows = (Object.keys(LABELS) as (keyof InputFaithfulness)[]).map((key) => {
    const m = f[key];
    return `  ${LABELS[key].padEnd(28)}${m.cam.toFixed(3).padStart(9)}${m.random.toFixed(3).padStart(9)}   ${m.better.padEnd(6)}  ${(100 * m.winRate).toFixed(0).padStart(3)}%`;
  });
  return [`${input}:`, `  ${'metric'.padEnd(28)}${'CAM'.padStart(9)}${'random'.padStart(9)}   better  CAM wins`, ...rows];
}

export async function evaluateCommand(args: EvaluateArgs, log: (line: string) => void, progressSink: ProgressSink = process.stderr): Promise<void> {
  const model = loadModel(args.model);
  const manifest = readManifest(args.dataset, model.config);
  const rows = manifest.rows.slice(0, args.numSamples);
  for (const row of rows.filter((r) => r.problem)) log(`skipped ${row.id} (line ${row.line}): ${row.problem}`);
  const usable = rows.filter((r) => !r.problem);
  if (usable.length === 0) throw new Error(`${manifest.path} has no usable sample among its first ${args.numSamples}`);
  if (args.target === 'true' && !manifest.labelled) throw new Error(`--target true needs a label column in ${manifest.path}`);
  const engine = await CamEngine.create(model, { method: args.method, targetLayers: args.layer, device: args.device, threads: args.threads });
  const scorer = await openScorer(model, { device: engine.device, threads: args.threads });
  try {
    const steps = args.steps ?? FAITHFULNESS_DEFAULTS.steps;
    const roadFractions = args.road ?? FAITHFULNESS_DEFAULTS.roadFractions;
    log(`${usable.length} samples from ${manifest.path}, ${engine.compiled.method} of the ${args.target} class on ${engine.device}; deletion/insertion in ${steps} steps, ROAD at ${roadFractions.join(', ')}`);
    const samples: FaithfulnessSample[] = [];
    for (const row of usable) samples.push({ id: row.id, label: row.label, inputs: (await loadSampleFiles(model.config.inputs, row.files)).inputs });
    const progress = new ProgressReporter(samples.length, progressSink);
    const report = await evaluateFaithfulness(engine, scorer.score, samples, { target: args.target, inputs: args.inputs, steps, roadFractions, onSample: (done) => progress.update({ done, failed: 0 }) });
    progress.end();
    for (const [input, f] of Object.entries(report.inputs)) formatFaithfulness(input, f).forEach((line) => log(line));
    log('CAM wins: share of samples where the map beat a random map of the same sample on that metric.');
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ model: model.path, dataset: manifest.path, device: engine.device, target: args.target, steps, roadFractions, ...report }, null, 2));
      log(`wrote ${args.json}`);
    }
  } finally {
    await Promise.all([engine.dispose(), scorer.release()]);
  }
}
