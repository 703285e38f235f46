/**
 * Target layers: per image input, the feature maps a CAM can be computed on. The default is the
 * last 4-D map with spatial size > 1 on the input's own branch, i.e. the last one before global
 * pooling — what pytorch-grad-cam users pick by hand for CNNs.
 */
import { GraphIndex } from '../onnx/graph';
import type { OnnxModel } from '../onnx/ir';
import type { ProbeResult } from './probe';

export interface LayerCandidate {
  tensor: string;
  /** Shape from the probe run (batch axis at the probe's batch size). */
  shape: number[];
  /** Op type of the producing node. */
  op: string;
}

export class UnknownLayerError extends Error {
  override name = 'UnknownLayerError';
}

/** 4-D float maps with spatial size > 1 computed from `input` alone, in graph order. */
export function layerCandidates(onnx: OnnxModel, probe: ProbeResult, input: string, allInputs: readonly string[]): LayerCandidate[] {
  const index = new GraphIndex(onnx.graph);
  const mine = index.downstreamOf([input]);
  const others = index.downstreamOf(allInputs.filter((i) => i !== input));
  const out: LayerCandidate[] = [];
  for (const node of onnx.graph.nodes) {
    for (const t of node.outputs) {
      const shape = probe.shapes.get(t);
      if (!shape || !mine.has(t) || others.has(t) || probe.types.get(t) !== 'float32') continue;
      if (shape.length === 4 && shape[2]! * shape[3]! > 1) out.push({ tensor: t, shape, op: node.opType });
    }
  }
  return out;
}

/**
 * The map fed to the branch's last global pooling (a node turning [N,C,h,w], h·w > 1, into
 * [N,C,1,1] or [N,C]); squeeze-excitation blocks pool too, hence the last one. Without such a
 * node, the last candidate. Position alone would be fooled by head ops on permuted [N,1,1,C]
 * tensors (ConvNeXt's LayerNorm2d).
 */
function defaultLayer(onnx: OnnxModel, probe: ProbeResult, candidates: readonly LayerCandidate[]): string | undefined {
  const byName = new Map(candidates.map((c) => [c.tensor, c]));
  let pooled: string | undefined;
  for (const node of onnx.graph.nodes) {
    const source = byName.get(node.inputs[0] ?? '');
    const out = probe.shapes.get(node.outputs[0] ?? '');
    if (!source || !out) continue;
    const channels = source.shape[1]!;
    // A single-channel "map" is far likelier a permuted [N,1,1,C] tensor being normalised.
    const isPooled = channels > 1 && ((out.length === 4 && out[1] === channels && out[2] === 1 && out[3] === 1) || (out.length === 2 && out[1] === channels));
    if (isPooled) pooled = source.tensor;
  }
  return pooled ?? candidates[candidates.length - 1]?.tensor;
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

/**
 * Picks each input's target layer: the requested tensor (validated) or the default. Returns the
 * choice per input; unknown or unsuitable names throw UnknownLayerError with the nearest candidates.
 */
export function resolveTargetLayers(
  onnx: OnnxModel,
  probe: ProbeResult,
  inputs: readonly string[],
  requested: Readonly<Record<string, string>>,
): Record<string, string> {
  for (const key of Object.keys(requested)) {
    if (!inputs.includes(key)) throw new UnknownLayerError(`a target layer is given for '${key}', which is not an input (inputs: ${inputs.join(', ')})`);
  }
  const chosen: Record<string, string> = {};
  for (const input of inputs) {
    const candidates = layerCandidates(onnx, probe, input, inputs);
    const want = requested[input];
    if (want === undefined) {
      const pick = defaultLayer(onnx, probe, candidates);
      if (!pick) throw new UnknownLayerError(`input '${input}' has no 4-D feature map with spatial size > 1 on its own branch; name a target layer`);
      chosen[input] = pick;
      continue;
    }
    if (!candidates.some((c) => c.tensor === want)) {
      const shape = probe.shapes.get(want);
      const why = shape
        ? `'${want}' [${shape.join(',')}] is not a 4-D feature map computed from input '${input}' alone`
        : `no tensor named '${want}' in the graph`;
      const near = nearest(want, candidates.map((c) => c.tensor));
      throw new UnknownLayerError(`${why}; nearest candidates for '${input}': ${near.join(', ')}`);
    }
    chosen[input] = want;
  }
  return chosen;
}
