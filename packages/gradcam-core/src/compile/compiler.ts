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
import { resolveTargetLayers } from './targets';

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
  activation: (input: string) => `gradcam/activation/${input}`,
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
  /** The model's score output (logits or probabilities). */
  scores: string;
  numClasses: number;
  method: string;
  layers: Record<string, string>;
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
  const layers = resolveTargetLayers(model.onnx, shapes, inputs, { ...model.config.targetLayers, ...options.targetLayers });
  const scores = model.config.output;
  const numClasses = shapes.shapes.get(scores)?.[1];
  if (numClasses === undefined) throw new Error(`output '${scores}' is not [N, classes]`);
  if (numClasses !== model.config.classes.length)
    throw new Error(`gradcam.json lists ${model.config.classes.length} classes but output '${scores}' has ${numClasses}`);

  // Shallow copies: existing nodes and weights are shared, never mutated; new ones are appended.
  const src = model.onnx.graph;
  const g = { ...src, nodes: [...src.nodes], initializers: [...src.initializers], inputs: [...src.inputs], outputs: [...src.outputs] };
  const onnx: OnnxModel = { ...model.onnx, graph: g };
  const b = new GraphBuilder(g, opsetVersion(onnx));
  g.inputs.push({ name: SEED_INPUT, elemType: 1, shape: ['batch', numClasses], extra: [] });

  // Rows of the seed that are all zero take the one-hot of the predicted class.
  const isZeroRow = b.op('Equal', [b.reduceSum(b.op('Abs', [SEED_INPUT]), [1], true), b.floats(0)]);
  const predicted = b.op('ArgMax', [scores], [attr.int('axis', 1), attr.int('keepdims', 1)]);
  const classIds = b.ints(Array.from({ length: numClasses }, (_, k) => k));
  const oneHot = b.op('Cast', [b.op('Equal', [classIds, predicted])], [attr.int('to', 1)]);
  const seed = b.op('Where', [isZeroRow, oneHot, SEED_INPUT]);

  const targets = Object.values(layers);
  const grads = method.needsGradients ? backward(b, new GraphIndex(g), { seeds: new Map([[scores, seed]]), wrt: targets, shapes: shapes.shapes, types: shapes.types }) : new Map<string, string>();

  const outputs = [scores];
  const expose = (value: string, name: string): void => void outputs.push(b.alias(value, name));
  expose(model.config.outputKind === 'logits' ? b.op('Softmax', [scores], [attr.int('axis', 1)]) : scores, OUT.probabilities);
  expose(b.op('ArgMax', [seed], [attr.int('axis', 1), attr.int('keepdims', 0)]), OUT.target);
  // Checked where the input already is (on a GPU, a scan in JS would cost as much as the model).
  for (const spec of model.config.inputs) expose(b.reduceSum(b.op('Mul', [spec.name, b.floats(0)]), [1, 2, 3], false), OUT.inputCheck(spec.name));
  const exposeGradients = (options.exposeGradients ?? false) && method.needsGradients;
  let forward: ForwardPassValues | undefined;
  if (isForwardMethod(method)) {
    // The weights come from further forward passes (cam/forward/runner.ts), not from this graph:
    // it gives them the target activations and the values the head reads besides them.
    forward = forwardPassValues(model, layers, shapes, method);
    for (const spec of model.config.inputs) expose(layers[spec.name]!, OUT.activation(spec.name));
    for (const value of forward.boundary) expose(value, boundaryOutput(value));
  } else for (const spec of model.config.inputs) {
    const activations = layers[spec.name]!;
    const shape = shapes.shapes.get(activations);
    if (!shape) throw new Error(`the shape of target layer '${activations}' is unknown`);
    const gradients = grads.get(activations);
    const maps = camMaps(method, { b, activations, shape, gradients }, spec.height, spec.width);
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
  return { bytes: encodeModel(onnx), scores, numClasses, method: method.name, layers, exposeGradients, forward };
}
