/**
 * The default target layer of an input's branch, and why it was chosen:
 * - a transformer (attention over token or channels-last tensors): the input of the last
 *   attention block — its normalisation output where the block normalises first (ViT's, DeiT's,
 *   Swin's `norm1`, as pytorch-grad-cam recommends), else the residual stream entering it
 *   (post-norm Swin V2, LeViT). After the last block only the class token may reach the head, so
 *   the last block's own output can carry no gradient at the patches;
 * - a CNN: the map fed to the branch's last global pooling (squeeze-excitation blocks pool too,
 *   hence the last one) — position alone would be fooled by head ops on permuted [N,1,1,C]
 *   tensors (ConvNeXt's LayerNorm2d);
 * - otherwise the last candidate.
 */
import type { GraphIndex } from '../onnx/graph';
import type { OnnxModel } from '../onnx/ir';
import { featureMapShape } from './layer-layout';
import type { ProbeResult } from './probe';
import type { Branch, LayerCandidate } from './targets';

const NORMALISATIONS = new Set(['LayerNormalization', 'BatchNormalization', 'InstanceNormalization', 'GroupNormalization', 'SimplifiedLayerNormalization']);

/**
 * A normalisation's output: a normalisation op, or the end of one spelt out (opset < 17 exports
 * LayerNorm as ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, then Mul γ, Add β).
 */
function isNormalised(index: GraphIndex, value: string): boolean {
  let node = index.producer.get(value);
  for (let step = 0; node && step < 3; step++) {
    if (NORMALISATIONS.has(node.opType)) return true;
    if (node.opType === 'Div') return index.producer.get(node.inputs[1] ?? '')?.opType === 'Sqrt';
    if (node.opType !== 'Add' && node.opType !== 'Mul') return false;
    node = index.producer.get(node.inputs.find((i) => !index.constantTensor(i)) ?? '');
  }
  return false;
}

/** x + f(x): an Add of two computed values of its output's shape. */
function isResidual(index: GraphIndex, probe: ProbeResult, value: string): boolean {
  const node = index.producer.get(value);
  if (node?.opType !== 'Add' || node.inputs.length !== 2) return false;
  const out = probe.shapes.get(value)?.join(',');
  return node.inputs.every((i) => !index.constantTensor(i) && probe.shapes.get(i)?.join(',') === out);
}

function lastAttentionInput(onnx: OnnxModel, probe: ProbeResult, branch: Branch): { candidate: LayerCandidate; reason: string } | undefined {
  const transformerLayers = branch.candidates.filter((c) => c.layout.kind !== 'nchw');
  if (transformerLayers.length === 0) return undefined;
  // Attention weights are Softmax over a rank ≥ 3 tensor; the head's softmax is over [N, classes].
  const attention = onnx.graph.nodes.filter((n) => n.opType === 'Softmax' && branch.values.has(n.outputs[0]!) && (probe.shapes.get(n.inputs[0]!)?.length ?? 0) >= 3).pop();
  if (!attention) return undefined;
  const feeding = branch.index.upstreamOf([attention.outputs[0]!]);
  const inputs = transformerLayers.filter((c) => feeding.has(c.tensor));
  for (let k = inputs.length - 1; k >= 0; k--) {
    const c = inputs[k]!;
    if (isNormalised(branch.index, c.tensor)) return { candidate: c, reason: 'default: the normalised input of the last attention block' };
    if (isResidual(branch.index, probe, c.tensor)) return { candidate: c, reason: 'default: the residual stream entering the last attention block' };
  }
  return undefined;
}

/** Reductions that pool a token or channels-last tensor over its positions. */
const POOLING = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'GlobalAveragePool', 'GlobalMaxPool']);

/** Whether `node` turns the candidate into one value per channel: [N,C,1,1] or [N,C] (CNN), [N,C] or [N,1,C] (tokens). */
function pools(node: { opType: string }, source: LayerCandidate, out: readonly number[]): boolean {
  const channels = featureMapShape(source.shape, source.layout)[1]!;
  // A single-channel "map" is far likelier a permuted [N,1,1,C] tensor being normalised.
  if (channels <= 1) return false;
  if (source.layout.kind === 'nchw') return (out.length === 4 && out[1] === channels && out[2] === 1 && out[3] === 1) || (out.length === 2 && out[1] === channels);
  return POOLING.has(node.opType) && out.slice(1).reduce((a, c) => a * c, 1) === channels;
}

function lastPooledMap(onnx: OnnxModel, probe: ProbeResult, candidates: readonly LayerCandidate[]): LayerCandidate | undefined {
  const byName = new Map(candidates.map((c) => [c.tensor, c]));
  let pooled: LayerCandidate | undefined;
  for (const node of onnx.graph.nodes) {
    const source = byName.get(node.inputs[0] ?? '');
    const out = probe.shapes.get(node.outputs[0] ?? '');
    if (source && out && pools(node, source, out)) pooled = source;
  }
  return pooled;
}

export function defaultLayer(onnx: OnnxModel, probe: ProbeResult, branch: Branch): { candidate: LayerCandidate; reason: string } | undefined {
  const attention = lastAttentionInput(onnx, probe, branch);
  if (attention) return attention;
  const pooled = lastPooledMap(onnx, probe, branch.candidates);
  if (pooled) return { candidate: pooled, reason: 'default: the map fed to the last global pooling' };
  const last = branch.candidates[branch.candidates.length - 1];
  return last && { candidate: last, reason: 'default: the last feature map (no global pooling found)' };
}
