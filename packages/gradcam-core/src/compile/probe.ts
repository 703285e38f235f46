/**
 * Shapes of intermediate tensors, from one run of the model with every intermediate exposed as
 * an output. torch-exported graphs carry no value_info, and one run is exact for every op the
 * model uses: the fallback when static inference (shape-inference.ts) lacks a rule for an op.
 */
import * as ort from 'onnxruntime-node';
import { encodeModel } from '../onnx/proto';
import type { OnnxModel } from '../onnx/ir';

export interface ProbeResult {
  shapes: Map<string, number[]>;
  /** onnxruntime's element type per value, e.g. 'float32', 'int64'. */
  types: Map<string, string>;
  /** How the shapes were learned: static inference (shape-inference.ts) or a probe run. */
  source?: 'static' | 'probe';
  /** With source 'probe': why static inference gave up. */
  unsupported?: string;
}

/** The batch size the probe runs at: distinct from 1 so broadcasting over the batch stays visible. */
export const PROBE_BATCH = 2;

export async function probeShapes(model: OnnxModel, feeds: Record<string, ort.Tensor>): Promise<ProbeResult> {
  const graph = model.graph;
  const declared = new Set(graph.outputs.map((o) => o.name));
  const exposed = graph.nodes.flatMap((n) => n.outputs).filter((o) => o !== '' && !declared.has(o));
  const probe: OnnxModel = { ...model, graph: { ...graph, outputs: [...graph.outputs, ...exposed.map((name) => ({ name, extra: [] }))] } };
  const session = await ort.InferenceSession.create(encodeModel(probe), { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1 });
  try {
    const result = await session.run(feeds);
    const shapes = new Map<string, number[]>();
    const types = new Map<string, string>();
    for (const [name, t] of Object.entries(result)) {
      shapes.set(name, [...t.dims]);
      types.set(name, t.type);
      t.dispose();
    }
    for (const [name, t] of Object.entries(feeds)) {
      shapes.set(name, [...t.dims]);
      types.set(name, t.type);
    }
    for (const t of graph.initializers) shapes.set(t.name, [...t.dims]);
    return { shapes, types };
  } finally {
    await session.release();
  }
}
