/**
 * Compiles a classifier into one graph that computes, in a single run: the model's scores, the
 * probabilities, the target class per row, and per image input the target layer's gradients and
 * its CAM. The seed is a graph input shaped like the scores; an all-zero row means "explain the
 * predicted class", so the default needs no second run.
 */
import * as ort from 'onnxruntime-node';
import { backward } from '../autodiff/backward';
import { boundaryOutput, isForwardMethod } from '../cam/forward/forward-method';
import { forwardPassValues, type ForwardPassValues } from '../cam/forward/pass-values';
import { camMethod } from '../cam/methods';
import { branchContribution } from '../cam/contribution';
import { camMaps } from '../cam/pipeline';
import type { LoadedModel } from '../model/load';
import { attr } from '../onnx/attributes';
import { GraphBuilder } from '../onnx/builder';
import { GraphIndex, pruneUnused } from '../onnx/graph';
import { opsetVersion, type OnnxModel } from '../onnx/ir';
import { encodeModel } from '../onnx/proto';
import { PROBE_BATCH, probeShapes, type ProbeResult } from './probe';
import { inferShapes } from './shape-inference';
import { headValues, headWidth } from './head';
import { toFeatureMap } from './layer-layout';
import { layerTensors, resolveTargetLayers, type TargetLayer } from './targets';

/** Names of the compiled graph's extra input and outputs. */
export const SEED_INPUT = 'gradcam/seed';
export const OUT = {
  probabilities: 'gradcam/probabilities',
  target: 'gradcam/target',
  cam: (input: string) => `gradcam/cam/${input}`,
  rawMin: (input: string) => `gradcam/raw_min/${input}`,
  rawMax: (input: string) => `gradcam/raw_max/${input}`,
  contribution: (input: string) => `gradcam/contribution/${input}`,
  gradient: (input: string) => `gradcam/gradient/${input}`,
  /** The target layer as a feature map [N,C,h,w]. */
  activation: (input: string) => `gradcam/activation/${input}`,
  /** The target tensor as the model holds it (token or channels-last layers; Ablation-CAM's passes feed it). */
  layerValue: (input: string) => `gradcam/layer_value/${input}`,
  /** Per row, Σ input × 0: NaN where the row holds a NaN or ±Inf, else 0. */
  inputCheck: (input: string) => `gradcam/input_check/${input}`,
} as const;

export interface CompileOptions {
  /** Input name -> target tensor; inputs left out get the config's layer, else the default. */
  targetLayers?: Record<string, string>;
  method?: string;
  /**
   * Also output each target layer's activations and gradients (for checks against PyTorch).
   * Methods that need no gradients compute none, and expose nothing.
   */
  exposeGradients?: boolean;
}

export interface CompiledCam {
  bytes: Uint8Array;
  /** The model's score output (logits, probabilities or raw values). */
  scores: string;
  /** Values per row of the score output (1 for a binary head). */
  numOutputs: number;
  /** Width of the seed and of the probabilities: classes, labels or outputs (2 for a binary head). */
  numClasses: number;
  method: string;
  /** Input name -> target tensor. */
  layers: Record<string, string>;
  /** Input name -> how its target tensor is read as a feature map, and why it was chosen. */
  targets: Record<string, TargetLayer>;
  exposeGradients: boolean;
  /** Score-CAM, Ablation-CAM: what their forward passes start from (cam/forward). */
  forward?: ForwardPassValues;
}

/** Random inputs at the probe batch size, shaped per the model's config. */
export function probeFeeds(model: LoadedModel): Record<string, ort.Tensor> {
  let state = 12345;
  const next = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  return Object.fromEntries(
    model.config.inputs.map((spec) => {
      const dims = [PROBE_BATCH, spec.channels, spec.height, spec.width];
      const data = Float32Array.from({ length: dims.reduce((a, c) => a * c, 1) }, next);
      return [spec.name, new ort.Tensor('float32', data, dims)];
    }),
  );
}

/** Shapes at the probe batch size: inferred statically when every op allows, else measured by a probe run. */
export async function probeModel(model: LoadedModel): Promise<ProbeResult> {
  const inputShapes = Object.fromEntries(model.config.inputs.map((s) => [s.name, [PROBE_BATCH, s.channels, s.height, s.width]]));
  const inferred = inferShapes(model.onnx, inputShapes);
  if (!('unsupported' in inferred)) return { ...inferred, source: 'static' };
  return { ...(await probeShapes(model.onnx, probeFeeds(model))), source: 'probe', unsupported: inferred.unsupported };
}

export async function compileCam(model: LoadedModel, options: CompileOptions = {}, probe?: ProbeResult): Promise<CompiledCam> {
  const method = camMethod(options.method ?? 'gradcam');
  const shapes = probe ?? (await probeModel(model));
  const inputs = model.config.inputs.map((i) => i.name);
  const requested = { ...model.config.targetLayers, ...options.targetLayers };
  // gradcam.json's grid statements hold for the layers it names, not for others asked for instead.
  const hints = Object.fromEntries(Object.entries(model.config.layerHints).filter(([input]) => requested[input] === model.config.targetLayers[input]));
  const targets = resolveTargetLayers(model.onnx, shapes, inputs, requested, hints);
  const layers = layerTensors(targets);
  const scores = model.config.output;
  const scoreShape = shapes.shapes.get(scores);
  if (scoreShape?.length !== 2) throw new Error(`output '${scores}' is [${scoreShape?.join(',') ?? '?'}], not [N, scores]`);
  const numOutputs = scoreShape[1]!;
  const numClasses = headWidth(model.config, numOutputs);

  // Shallow copies: existing nodes and weights are shared, never mutated; new ones are appended.
  const src = model.onnx.graph;
  const g = { ...src, nodes: [...src.nodes], initializers: [...src.initializers], inputs: [...src.inputs], outputs: [...src.outputs] };
  const onnx: OnnxModel = { ...model.onnx, graph: g };
  const b = new GraphBuilder(g, opsetVersion(onnx));
  g.inputs.push({ name: SEED_INPUT, elemType: 1, shape: ['batch', numClasses], extra: [] });
  const head = headValues(b, model.config.task, model.config.outputKind, scores, SEED_INPUT, numClasses);

  const targetTensors = Object.values(layers);
  const grads = method.needsGradients
    ? backward(b, new GraphIndex(g), { seeds: new Map([[scores, head.scoreSeed]]), wrt: targetTensors, shapes: shapes.shapes, types: shapes.types })
    : new Map<string, string>();

  const outputs = [scores];
  const expose = (value: string, name: string): void => void outputs.push(b.alias(value, name));
  if (head.probabilities) expose(head.probabilities, OUT.probabilities);
  expose(b.op('ArgMax', [head.seed], [attr.int('axis', 1), attr.int('keepdims', 0)]), OUT.target);
  // Checked where the input already is (on a GPU, a scan in JS would cost as much as the model).
  for (const spec of model.config.inputs) expose(b.reduceSum(b.op('Mul', [spec.name, b.floats(0)]), [1, 2, 3], false), OUT.inputCheck(spec.name));
  const exposeGradients = (options.exposeGradients ?? false) && method.needsGradients;
  let forward: ForwardPassValues | undefined;
  // Token and channels-last layers are read as [N,C,h,w] (reshape_transform); so are their gradients.
  const featureMap = (input: string, value: string): string => toFeatureMap(b, value, targets[input]!.layout);
  if (isForwardMethod(method)) {
    // The weights come from further forward passes (cam/forward/runner.ts), not from this graph:
    // it gives them the target activations and the values the head reads besides them.
    forward = forwardPassValues(model, targets, shapes, method);
    for (const spec of model.config.inputs) {
      expose(featureMap(spec.name, layers[spec.name]!), OUT.activation(spec.name));
      if (targets[spec.name]!.layout.kind !== 'nchw') expose(layers[spec.name]!, OUT.layerValue(spec.name));
    }
    for (const value of forward.boundary) expose(value, boundaryOutput(value));
  } else for (const spec of model.config.inputs) {
    const target = targets[spec.name]!;
    const activations = featureMap(spec.name, target.tensor);
    const gradient = grads.get(target.tensor);
    const gradients = gradient === undefined ? undefined : featureMap(spec.name, gradient);
    const maps = camMaps(method, { b, activations, shape: target.mapShape, gradients }, spec.height, spec.width);
    expose(maps.cam, OUT.cam(spec.name));
    expose(maps.rawMin, OUT.rawMin(spec.name));
    expose(maps.rawMax, OUT.rawMax(spec.name));
    if (gradients) expose(branchContribution(b, activations, gradients), OUT.contribution(spec.name));
    if (exposeGradients && gradients) {
      expose(gradients, OUT.gradient(spec.name));
      expose(activations, OUT.activation(spec.name));
    }
  }
  g.outputs = outputs.map((name) => g.outputs.find((o) => o.name === name) ?? { name, extra: [] });
  pruneUnused(g);
  return { bytes: encodeModel(onnx), scores, numOutputs, numClasses, method: method.name, layers, targets, exposeGradients, forward };
}
