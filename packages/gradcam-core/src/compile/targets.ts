/**
 * Target layers: per image input, the tensors a CAM can be computed on, and the default one.
 * Candidates are float tensors computed from that input alone and readable as a feature map
 * [N,C,h,w] (layer-layout.ts): CNN maps, channels-last maps [N,h,w,C], token tensors
 * [N,P+h·w,C]. The default says why it was chosen (target-default.ts).
 */
import { GraphIndex } from '../onnx/graph';
import type { OnnxModel } from '../onnx/ir';
import { branchGrids, featureMapShape, type Grid, isChannelsFirstOp, type LayerLayout, type LayoutHint, LayoutError, mapLayout, tokenLayout, tokenSplit } from './layer-layout';
import { PROBE_BATCH, type ProbeResult } from './probe';
import { defaultLayer } from './target-default';

export interface LayerCandidate {
  tensor: string;
  /** Shape from the probe run (batch axis at the probe's batch size). */
  shape: number[];
  /** Op type of the producing node. */
  op: string;
  layout: LayerLayout;
}

/** A chosen target layer: its tensor, how it is read as [N,C,h,w], and why it was chosen. */
export interface TargetLayer {
  tensor: string;
  layout: LayerLayout;
  /** The feature map's shape [N,C,h,w] at the probe's batch size. */
  mapShape: number[];
  /** 'requested' (gradcam.json or the caller), else the default rule that picked it. */
  reason: string;
}

export class UnknownLayerError extends Error {
  override name = 'UnknownLayerError';
}

/** What one input's branch offers: its values, grids and candidates. */
export interface Branch {
  index: GraphIndex;
  /** Values computed from this input alone. */
  values: Set<string>;
  grids: Grid[];
  candidates: LayerCandidate[];
}

export function inputBranch(onnx: OnnxModel, probe: ProbeResult, input: string, allInputs: readonly string[]): Branch {
  const index = new GraphIndex(onnx.graph);
  const mine = index.downstreamOf([input]);
  const others = index.downstreamOf(allInputs.filter((i) => i !== input));
  const values = new Set([...mine].filter((v) => !others.has(v)));
  const inputShape = probe.shapes.get(input);
  const seen: Grid[] = inputShape?.length === 4 ? [[inputShape[2]!, inputShape[3]!]] : [];
  for (const node of onnx.graph.nodes) {
    const shape = probe.shapes.get(node.outputs[0] ?? '');
    if (isChannelsFirstOp(node.opType) && shape?.length === 4 && values.has(node.outputs[0]!)) seen.push([shape[2]!, shape[3]!]);
  }
  const grids = branchGrids(seen);
  const candidates: LayerCandidate[] = [];
  for (const node of onnx.graph.nodes) {
    for (const tensor of node.outputs) {
      const shape = probe.shapes.get(tensor);
      if (!shape || !values.has(tensor) || probe.types.get(tensor) !== 'float32' || shape[0] !== PROBE_BATCH) continue;
      let layout: LayerLayout | undefined;
      if (shape.length === 4) layout = mapLayout(shape, grids, node.opType);
      else if (shape.length === 3 && tokenSplit(shape[1]!, grids)) layout = tokenLayout(tensor, shape, grids);
      if (layout) candidates.push({ tensor, shape, op: node.opType, layout });
    }
  }
  return { index, values, grids, candidates };
}

/** Candidate target layers of `input`, in graph order. */
export function layerCandidates(onnx: OnnxModel, probe: ProbeResult, input: string, allInputs: readonly string[]): LayerCandidate[] {
  return inputBranch(onnx, probe, input, allInputs).candidates;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

export function nearest(name: string, candidates: readonly string[], count = 5): string[] {
  return [...candidates].sort((x, y) => editDistance(name, x) - editDistance(name, y)).slice(0, count);
}

/** A named tensor as a target layer of `input`: validated, its layout from the hint or inferred. */
function requestedLayer(probe: ProbeResult, branch: Branch, input: string, want: string, hint: LayoutHint | undefined): TargetLayer {
  const shape = probe.shapes.get(want);
  const fail = (why: string): never => {
    const near = nearest(want, branch.candidates.map((c) => c.tensor));
    throw new UnknownLayerError(`${why}; nearest candidates for '${input}': ${near.join(', ')}`);
  };
  if (!shape) return fail(`no tensor named '${want}' in the graph`);
  const what = `'${want}' [${shape.join(',')}]`;
  if (!branch.values.has(want) || probe.types.get(want) !== 'float32' || shape[0] !== PROBE_BATCH) return fail(`${what} is not a float tensor with a batch axis computed from input '${input}' alone`);
  let layout: LayerLayout | undefined;
  if (hint?.grid && shape.length === 4) layout = hint.grid[0] === shape[1] && hint.grid[1] === shape[2] ? { kind: 'nhwc', grid: hint.grid } : { kind: 'nchw', grid: [shape[2]!, shape[3]!] };
  else if (shape.length === 3) {
    try {
      layout = tokenLayout(want, shape, branch.grids, hint);
    } catch (err) {
      if (err instanceof LayoutError) throw new UnknownLayerError(`target layer of '${input}': ${err.message}`);
      throw err;
    }
  } else layout = branch.candidates.find((c) => c.tensor === want)?.layout;
  // Named on purpose: a 4-D tensor off the branch's grids is read as [N,C,h,w].
  if (!layout && shape.length === 4 && shape[2]! * shape[3]! > 1) layout = { kind: 'nchw', grid: [shape[2]!, shape[3]!] };
  if (!layout) return fail(`${what} is neither a feature map [N,C,h,w] / [N,h,w,C] nor a token tensor [N,T,C]`);
  return { tensor: want, layout, mapShape: featureMapShape(shape, layout), reason: 'requested' };
}

/**
 * Picks each input's target layer: the requested tensor (validated) or the default. Unknown or
 * unsuitable names throw UnknownLayerError with the nearest candidates.
 */
export function resolveTargetLayers(
  onnx: OnnxModel,
  probe: ProbeResult,
  inputs: readonly string[],
  requested: Readonly<Record<string, string>>,
  hints: Readonly<Record<string, LayoutHint>> = {},
): Record<string, TargetLayer> {
  for (const key of Object.keys(requested)) {
    if (!inputs.includes(key)) throw new UnknownLayerError(`a target layer is given for '${key}', which is not an input (inputs: ${inputs.join(', ')})`);
  }
  const chosen: Record<string, TargetLayer> = {};
  for (const input of inputs) {
    const branch = inputBranch(onnx, probe, input, inputs);
    const want = requested[input];
    if (want !== undefined) {
      chosen[input] = requestedLayer(probe, branch, input, want, hints[input]);
      continue;
    }
    const pick = defaultLayer(onnx, probe, branch);
    if (!pick) throw new UnknownLayerError(`input '${input}' has no feature map or token tensor on its own branch; name a target layer`);
    chosen[input] = { tensor: pick.candidate.tensor, layout: pick.candidate.layout, mapShape: featureMapShape(pick.candidate.shape, pick.candidate.layout), reason: pick.reason };
  }
  return chosen;
}

/** Input name -> tensor name. */
export const layerTensors = (layers: Readonly<Record<string, TargetLayer>>): Record<string, string> =>
  Object.fromEntries(Object.entries(layers).map(([input, l]) => [input, l.tensor]));
