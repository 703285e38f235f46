/** `gradcam analyze`: explain one sample; print the prediction, optionally write JSON and raw maps. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MultiInputGradCAM } from '../api/multi-input-gradcam';
import { writeNpy } from '../image/npy';
import { prepareInput } from '../image/preprocess';
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
}

export async function analyzeCommand(args: AnalyzeArgs, log: (line: string) => void): Promise<void> {
  const model = loadModel(args.model);
  for (const note of model.inferred) log(`inferred: ${note}`);
  const specs = model.config.inputs;
  const unknown = Object.keys(args.input).filter((k) => !specs.some((s) => s.name === k));
  if (unknown.length) throw new InputError(`unknown input(s) ${unknown.join(', ')}; the model takes ${specs.map((s) => s.name).join(', ')}`);
  const inputs: Record<string, { data: Float32Array; dims: number[] }> = {};
  for (const spec of specs) {
    const file = args.input[spec.name];
    if (!file) throw new InputError(`missing --input ${spec.name}=<file> (the model takes ${specs.map((s) => s.name).join(', ')})`);
    const prepared = await prepareInput(file, spec);
    prepared.notes.forEach(log);
    inputs[spec.name] = { data: prepared.data, dims: [1, spec.channels, spec.height, spec.width] };
  }
  const cam = new MultiInputGradCAM(model, args.layer ?? {}, { device: args.device, threads: args.threads });
  try {
    const r = await cam.generateCam(inputs, args.targetClass);
    const classes = model.config.classes;
    log(`predicted: ${r.predictedClass} (${classes[r.predictedClass]}), confidence ${r.confidence.toFixed(4)}; explained class ${r.targetClass} (${classes[r.targetClass]}) on ${r.device}`);
    r.probabilities.forEach((p, k) => log(`  p[${k}] ${p.toFixed(4)}  ${classes[k]}`));
    for (const spec of specs) log(`  ${spec.name}: layer ${r.layers[spec.name]}, raw CAM range [${r.rawMin[spec.name]!.toPrecision(4)}, ${r.rawMax[spec.name]!.toPrecision(4)}]`);
    if (args.json) {
      const doc = {
        predictedClass: r.predictedClass,
        targetClass: r.targetClass,
        confidence: r.confidence,
        probabilities: r.probabilities,
        classes,
        device: r.device,
        layers: r.layers,
        heatmaps: Object.fromEntries(specs.map((s) => [s.name, { width: s.width, height: s.height, rawMin: r.rawMin[s.name], rawMax: r.rawMax[s.name] }])),
      };
      mkdirSync(dirname(args.json), { recursive: true });
      writeFileSync(args.json, JSON.stringify(doc, null, 2) + '\n');
    }
    if (args.rawDir) {
      mkdirSync(args.rawDir, { recursive: true });
      for (const s of specs) writeNpy(join(args.rawDir, `${s.name}.npy`), r.heatmaps[s.name]!, [s.height, s.width]);
    }
  } finally {
    await cam.dispose();
  }
}
