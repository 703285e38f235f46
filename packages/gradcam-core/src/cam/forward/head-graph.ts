/**
 * The head of a classifier: the part of its graph after the target layers, from their activations
 * to the scores. Ablation-CAM evaluates it once per ablated channel, so it is cut out as a graph
 * of its own whose inputs are the target activations and the boundary values: values the head
 * reads that are computed from the data inputs without passing through a target layer (a skip
 * connection that bypasses it). Constant subgraphs the head reads are taken along.
 */
import { GraphIndex } from '../../onnx/graph';
import { DataType, dataInputs, type Node, type OnnxModel, type ValueInfo } from '../../onnx/ir';

export class HeadCutError extends Error {
  override name = 'HeadCutError';
}

export interface HeadCut {
  /** The head's nodes, in graph order. */
  nodes: Node[];
  /** Boundary values, in graph order. */
  boundary: string[];
}

export function cutHead(onnx: OnnxModel, targets: readonly string[], scores: string): HeadCut {
  const graph = onnx.graph;
  const index = new GraphIndex(graph);
  const afterTargets = index.downstreamOf(targets);
  if (!afterTargets.has(scores)) throw new HeadCutError(`the scores '${scores}' do not depend on the target layers ${targets.join(', ')}`);
  const fromData = index.downstreamOf(dataInputs(graph).map((v) => v.name));
  const stops = new Set(targets);
  const wanted = new Set([scores]);
  const boundary = new Set<string>();
  const head = new Set<Node>();
  for (let k = graph.nodes.length - 1; k >= 0; k--) {
    const node = graph.nodes[k]!;
    if (!node.outputs.some((o) => wanted.has(o))) continue;
    head.add(node);
    for (const input of node.inputs) {
      if (input === '' || stops.has(input) || index.initializers.has(input)) continue;
      // Computed from the targets, or from constants only: part of the head. Else it is fed in.
      if (afterTargets.has(input) || !fromData.has(input)) wanted.add(input);
      else boundary.add(input);
    }
  }
  const order = [...graph.inputs.map((v) => v.name), ...graph.nodes.flatMap((n) => n.outputs)];
  return { nodes: graph.nodes.filter((n) => head.has(n)), boundary: order.filter((v) => boundary.has(v)) };
}

/**
 * The head as a model: inputs the target activations (named as the target tensors), then the
 * boundary values, all float32 with a leading batch axis (checked when the graph is compiled).
 */
export function headModel(onnx: OnnxModel, targets: readonly string[], scores: string): { model: OnnxModel; boundary: string[] } {
  const { nodes, boundary } = cutHead(onnx, targets, scores);
  const src = onnx.graph;
  const read = new Set(nodes.flatMap((n) => n.inputs));
  const initializers = src.initializers.filter((t) => read.has(t.name));
  const kept = new Set(initializers.map((t) => t.name));
  const fed = (name: string): ValueInfo => ({ name, elemType: DataType.FLOAT, extra: [] });
  const graph = {
    ...src,
    nodes,
    initializers,
    // Below IR version 4 initializers are listed as inputs too.
    inputs: [...[...targets, ...boundary].map(fed), ...src.inputs.filter((v) => kept.has(v.name))],
    outputs: [src.outputs.find((o) => o.name === scores) ?? { name: scores, extra: [] }],
    valueInfo: [],
  };
  return { model: { ...onnx, graph }, boundary };
}
