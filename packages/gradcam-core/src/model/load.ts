/**
 * Opens a model: an .onnx file, or a folder holding model.onnx (and gradcam.json). Without a
 * gradcam.json, what can be read off the graph is inferred and said in `inferred`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dataInputs, type OnnxModel } from '../onnx/ir';
import { decodeModel } from '../onnx/proto';
import { type InputSpec, type ModelConfig, ModelConfigError, parseModelConfig } from './config';

export interface LoadedModel {
  /** Path of the .onnx file. */
  path: string;
  name: string;
  sha256: string;
  bytes: Uint8Array;
  onnx: OnnxModel;
  config: ModelConfig;
  /** What was not in a gradcam.json and was read off the graph instead. */
  inferred: string[];
}

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

function locate(path: string): { onnxPath: string; configPath: string } {
  if (!existsSync(path)) throw new ModelLoadError(`model not found: ${path}`);
  if (statSync(path).isDirectory()) {
    const onnxPath = join(path, 'model.onnx');
    if (!existsSync(onnxPath)) throw new ModelLoadError(`no model.onnx in the folder ${path}`);
    return { onnxPath, configPath: join(path, 'gradcam.json') };
  }
  return { onnxPath: path, configPath: join(dirname(path), 'gradcam.json') };
}

/** Infers a config from the graph: 4-D float inputs with static C,H,W, a single output. */
function inferConfig(onnx: OnnxModel, inferred: string[]): ModelConfig {
  const inputs: InputSpec[] = dataInputs(onnx.graph).map((v) => {
    const [, c, h, w] = v.shape ?? [];
    if (v.shape?.length !== 4 || typeof c !== 'number' || typeof h !== 'number' || typeof w !== 'number')
      throw new ModelLoadError(`input '${v.name}' is not an image tensor [N,C,H,W] with static C,H,W; describe it in a gradcam.json beside the model`);
    return { name: v.name, channels: c, height: h, width: w, scale: 1 / 255, mean: Array(c).fill(0), std: Array(c).fill(1) };
  });
  inferred.push(`inputs ${inputs.map((i) => `${i.name} [${i.channels},${i.height},${i.width}]`).join(', ')}, pixels scaled by 1/255, no mean/std`);
  if (onnx.graph.outputs.length !== 1) throw new ModelLoadError(`the model has ${onnx.graph.outputs.length} outputs; name the class-score output in gradcam.json ("output")`);
  const out = onnx.graph.outputs[0]!;
  const k = out.shape?.[1];
  if (typeof k !== 'number') throw new ModelLoadError(`output '${out.name}' does not declare its number of classes; give "classes" in gradcam.json`);
  const last = onnx.graph.nodes.find((n) => n.outputs.includes(out.name));
  // One score per row is a binary classifier's logit (or its sigmoid): never a softmax over one class.
  if (k === 1) {
    const outputKind = last?.opType === 'Sigmoid' ? 'probabilities' : 'logits';
    inferred.push(`output '${out.name}' [N,1] is a binary classifier's ${outputKind === 'logits' ? 'logit z' : 'probability σ(z)'}: classes "class 0" (1 − σ) and "class 1" (σ); state "task" in gradcam.json otherwise`);
    return { inputs, output: out.name, outputKind, task: 'binary', classes: ['class 0', 'class 1'], targetLayers: {}, layerHints: {} };
  }
  const outputKind = last?.opType === 'Softmax' ? 'probabilities' : 'logits';
  inferred.push(`output '${out.name}' holds ${outputKind} for ${k} classes named "class 0".."class ${k - 1}"`);
  return { inputs, output: out.name, outputKind, task: 'multiclass', classes: Array.from({ length: k }, (_, i) => `class ${i}`), targetLayers: {}, layerHints: {} };
}

/** The config must describe this graph: same inputs, matching sizes, an existing output. */
function checkAgainstGraph(config: ModelConfig, onnx: OnnxModel): void {
  const graphInputs = new Map(dataInputs(onnx.graph).map((v) => [v.name, v]));
  for (const spec of config.inputs) {
    const v = graphInputs.get(spec.name);
    if (!v) throw new ModelConfigError(`gradcam.json input "${spec.name}" is not an input of the graph (graph inputs: ${[...graphInputs.keys()].join(', ')})`);
    const declared = [spec.channels, spec.height, spec.width];
    v.shape?.slice(1).forEach((d, i) => {
      if (typeof d === 'number' && d !== declared[i])
        throw new ModelConfigError(`gradcam.json input "${spec.name}" says [${declared.join(',')}] but the graph declares [${v.shape!.slice(1).join(',')}]`);
    });
  }
  const missing = [...graphInputs.keys()].filter((n) => !config.inputs.some((i) => i.name === n));
  if (missing.length) throw new ModelConfigError(`gradcam.json does not describe graph input(s) ${missing.join(', ')}`);
  const produced = new Set(onnx.graph.nodes.flatMap((n) => n.outputs));
  if (!produced.has(config.output)) throw new ModelConfigError(`gradcam.json output "${config.output}" is not produced by the graph`);
}

export function loadModel(path: string): LoadedModel {
  const { onnxPath, configPath } = locate(path);
  const bytes = new Uint8Array(readFileSync(onnxPath));
  const onnx = decodeModel(bytes);
  const inferred: string[] = [];
  let config: ModelConfig;
  if (existsSync(configPath)) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (err) {
      throw new ModelConfigError(`${configPath} is not valid JSON: ${(err as Error).message}`);
    }
    config = parseModelConfig(doc, configPath);
  } else config = inferConfig(onnx, inferred);
  checkAgainstGraph(config, onnx);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const name = basename(onnxPath) === 'model.onnx' ? basename(dirname(onnxPath)) : basename(onnxPath, '.onnx');
  return { path: onnxPath, name, sha256, bytes, onnx, config, inferred };
}
