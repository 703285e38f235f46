/**
 * `gradcam analyze`: explain one sample; print the prediction, optionally write JSON, raw maps
 * and the figures (combined figure and colormapped heat maps, laid out as in batch mode).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SampleAnalysis } from '../api/results';
import { GradCAMVisualizer } from '../api/visualizer';
import { parseClassLabel } from '../dataset/manifest';
import { loadSampleFiles } from '../dataset/sample-loader';
import type { ColormapName } from '../figures/colormap';
import { writeNpy } from '../image/npy';
import { loadModel } from '../model/load';
import type { Device } from '../runtime/device';
import { InputError } from '../runtime/engine';

export interface AnalyzeArgs {
  model: string;
  input: Record<string, string>;
  layer?: Record<string, string>;
  targetClass?: number;
  device: Device;
  threads?: number;
  json?: string;
  rawDir?: string;
  saveDir?: string;
  sampleId: string;
  trueClass?: string;
  colormap: ColormapName;
  alpha: number;
  method?: string;
}

function trueClassOf(value: string, classes: readonly string[]): number {
  try {
    return parseClassLabel(value, classes);
  } catch (err) {
    throw new InputError(`--true-class: ${(err as Error).message}`);
  }
}

/** What the head says, in the words of its task; then what the maps explain. */
function predictionLines(r: SampleAnalysis, classes: readonly string[]): string[] {
  const explained = `explained ${r.task === 'regression' ? 'output' : r.task === 'multilabel' ? 'label' : 'class'} ${r.targetClass} (${classes[r.targetClass]}) on ${r.device}`;
  if (r.task === 'regression') return [`values; ${explained}`, ...r.scores.map((v, k) => `  y[${k}] ${v.toPrecision(6)}  ${classes[k]}`)];
  if (r.task === 'multilabel') {
    const labels = r.predictedLabels!.map((k) => `${k} (${classes[k]})`).join(', ') || 'none above 0.5';
    return [`predicted labels: ${labels}; ${explained}`, ...r.probabilities.map((p, k) => `  p[${k}] ${p.toFixed(4)}  ${classes[k]}`)];
  }
  return [`predicted: ${r.predictedClass} (${classes[r.predictedClass]}), confidence ${r.confidence.toFixed(4)}; ${explained}`, ...r.probabilities.map((p, k) => `  p[${k}] ${p.toFixed(4)}  ${classes[k]}`)];
}

export async function analyzeCommand(args: AnalyzeArgs, log: (line: string) => void): Promise<void> {
  const model = loadModel(args.model);
  for (const note of model.inferred) log(`inferred: ${note}`);
  const specs = model.config.inputs;
  const unknown = Object.keys(args.input).filter((k) => !specs.some((s) => s.name === k));
  if (unknown.length) throw new InputError(`unknown input(s) ${unknown.join(', ')}; the model takes ${specs.map((s) => s.name).join(', ')}`);
  for (const spec of specs) {
    if (!args.input[spec.name]) throw new InputError(`missing --input ${spec.name}=<file> (the model takes ${specs.map((s) => s.name).join(', ')})`);
  }
  const trueClass = args.trueClass === undefined ? undefined : trueClassOf(args.trueClass, model.config.classes);
  const sample = await loadSampleFiles(specs, args.input);
  sample.notes.forEach(log);
  const vis = new GradCAMVisualizer(model, { targetLayers: args.layer, device: args.device, threads: args.threads, method: args.method, colormap: args.colormap, alpha: args.alpha });
  try {
    const r = await vis.analyzeSample(sample.inputs, { targetClass: args.targetClass, saveDir: args.saveDir, sampleId: args.sampleId, trueClass, display: sample.display });
    const classes = model.config.classes;
    for (const line of predictionLines(r, classes)) log(line);
    for (const spec of specs) log(`  ${spec.name}: layer ${r.layers[spec.name]}, raw CAM range [${r.rawMin[spec.name]!.toPrecision(4)}, ${r.rawMax[spec.name]!.toPrecision(4)}]`);
    if (args.json) {
      const doc = {
        task: r.task,
        ...(r.task === 'regression' ? { values: r.scores } : { predictedClass: r.predictedClass, confidence: r.confidence, probabilities: r.probabilities }),
        ...(r.predictedLabels ? { predictedLabels: r.predictedLabels } : {}),
        targetClass: r.targetClass,
        classes,
        device: r.device,
        layers: r.layers,
        ...(r.branchContributions ? { branchContributions: r.branchContributions } : {}),
        sampleId: r.sampleId,
        ...(r.trueClass === undefined ? {} : { trueClass: r.trueClass }),
        ...(r.files ? { figure: r.files.figure, heatmapFiles: r.files.heatmaps } : {}),
        heatmaps: Object.fromEntries(specs.map((s) => [s.name, { width: s.width, height: s.height, rawMin: r.rawMin[s.name], rawMax: r.rawMax[s.name] }])),
      };
      mkdirSync(dirname(args.json), { recursive: true });
      writeFileSync(args.json, JSON.stringify(doc, null, 2) + '\n');
    }
    if (args.rawDir) {
      mkdirSync(args.rawDir, { recursive: true });
      for (const s of specs) writeNpy(join(args.rawDir, `${s.name}.npy`), r.heatmaps[s.name]!, [s.height, s.width]);
    }
    if (r.files) log(`wrote ${r.files.figure} and the heat maps in ${r.files.heatmapDir}/`);
  } finally {
    await vis.dispose();
  }
}
