/**
 * Static shape inference: the shapes and element types the probe run would measure, computed by
 * walking the graph once with a shape rule per op (shape-rules.ts) and evaluating the small
 * integer tensors of torch's shape computations in JS. Returns `unsupported` with the first node
 * it cannot infer, so the caller can fall back to the probe run.
 */
import { dataInputs, DataType, opsetVersion, type Graph, type Node, type OnnxModel } from '../onnx/ir';
import type { ProbeResult } from './probe';
import { fail, ShapeInferenceError, tensorFacts, type Facts, type RuleContext } from './shape-facts';
import { SHAPE_RULES } from './shape-rules';

/** onnxruntime-node's names of element types (what ort.Tensor#type says). */
const ORT_TYPES: Partial<Record<DataType, string>> = {
  [DataType.FLOAT]: 'float32',
  [DataType.UINT8]: 'uint8',
  [DataType.INT8]: 'int8',
  [DataType.UINT16]: 'uint16',
  [DataType.INT16]: 'int16',
  [DataType.INT32]: 'int32',
  [DataType.INT64]: 'int64',
  [DataType.STRING]: 'string',
  [DataType.BOOL]: 'bool',
  [DataType.FLOAT16]: 'float16',
  [DataType.DOUBLE]: 'float64',
  [DataType.UINT32]: 'uint32',
  [DataType.UINT64]: 'uint64',
};

export function ortTypeName(type: DataType): string {
  return ORT_TYPES[type] ?? fail(`element type ${DataType[type] ?? type} has no onnxruntime tensor type`);
}

/** Data inputs at the caller's shapes (which must agree with the sizes the graph declares); then the initializers. */
function seedFacts(graph: Graph, inputShapes: Readonly<Record<string, number[]>>): Map<string, Facts> {
  const facts = new Map<string, Facts>();
  for (const v of dataInputs(graph)) {
    const declared = v.shape ?? [];
    const shape = inputShapes[v.name] ?? (declared.every((d) => typeof d === 'number') ? declared.map(Number) : fail(`no shape given for input '${v.name}'`));
    if (v.shape && (v.shape.length !== shape.length || v.shape.some((d, i) => typeof d === 'number' && d !== shape[i])))
      fail(`input '${v.name}' is declared [${v.shape.join(',')}], given [${shape.join(',')}]`);
    facts.set(v.name, { shape: [...shape], type: v.elemType ?? fail(`input '${v.name}' declares no element type`) });
  }
  for (const t of graph.initializers) facts.set(t.name, tensorFacts(t));
  return facts;
}

function contextFor(node: Node, opset: number, facts: ReadonlyMap<string, Facts>): RuleContext {
  const optional = (k: number): Facts | undefined => {
    const name = node.inputs[k];
    return name ? facts.get(name) : undefined;
  };
  const input = (k: number): Facts => optional(k) ?? fail(`required input ${k} is missing`);
  return {
    node,
    opset,
    input,
    optional,
    known: (k, what) => input(k).values ?? fail(`${what} (input '${node.inputs[k]}') is not known before running (computed from data, or too large to evaluate)`),
  };
}

/** Runs the node's rule and checks it gave a sane shape for every named output. */
function inferNode(node: Node, opset: number, facts: ReadonlyMap<string, Facts>): Facts[] {
  if (node.domain !== '' && node.domain !== 'ai.onnx') fail(`domain '${node.domain}' has no shape rules`);
  const rule = SHAPE_RULES.get(node.opType) ?? fail('no shape rule for this op');
  for (const name of node.inputs) if (name && !facts.has(name)) fail(`input '${name}' is not computed before this node`);
  const outs = rule(contextFor(node, opset, facts));
  node.outputs.forEach((name, k) => {
    const out = outs[k];
    if (!name) return;
    if (!out) fail(`no shape for output ${k}`);
    if (!out.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`inferred an invalid shape [${out.shape.join(',')}]`);
  });
  return outs;
}

function walk(model: OnnxModel, inputShapes: Readonly<Record<string, number[]>>): ProbeResult {
  const opset = opsetVersion(model);
  const facts = seedFacts(model.graph, inputShapes);
  for (const node of model.graph.nodes) {
    let outs: Facts[];
    try {
      outs = inferNode(node, opset, facts);
    } catch (err) {
      // Name the node, so the fallback can say what stopped inference.
      throw new ShapeInferenceError(`${node.opType} node '${node.name}': ${(err as Error).message}`);
    }
    node.outputs.forEach((name, k) => name && facts.set(name, outs[k]!));
  }
  const shapes = new Map<string, number[]>();
  const types = new Map<string, string>();
  for (const [name, f] of facts) {
    // Copies: rules share shape arrays between values (an element-wise output reuses its input's).
    shapes.set(name, [...f.shape]);
    types.set(name, ortTypeName(f.type));
  }
  return { shapes, types };
}

/**
 * Shapes and onnxruntime element types of every graph input, initializer and node output, for
 * inputs of the given shapes (e.g. batch PROBE_BATCH); or why they cannot be inferred statically.
 */
export function inferShapes(model: OnnxModel, inputShapes: Readonly<Record<string, number[]>>): ProbeResult | { unsupported: string } {
  try {
    return walk(model, inputShapes);
  } catch (err) {
    // Any failure (including a malformed graph) only means "measure instead": the probe is exact.
    return { unsupported: err instanceof Error ? err.message : String(err) };
  }
}
