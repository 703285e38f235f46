/**
 * Checks static shape inference against what onnxruntime measures: the probe run (every node
 * output exposed, graph optimisations off) on random inputs, compared value by value.
 */
import * as ort from 'onnxruntime-node';
import { probeShapes, type ProbeResult } from '../../src/compile/probe';
import { inferShapes } from '../../src/compile/shape-inference';
import { DataType, type Attribute, type OnnxModel, type Tensor } from '../../src/onnx/ir';
import { floatTensor } from '../../src/onnx/tensor';
import { randomValues, rng } from './random';

/** A constant input of a one-node model (an initializer). int64 values may be bigints (INT64_MAX). */
export interface ConstInput {
  shape: number[];
  values: (number | bigint)[];
  dtype?: 'int64' | 'float32' | 'bool';
}

/** A float32 graph input of this shape, a constant, or null for an optional input left out. */
export type CaseInput = number[] | ConstInput | null;

export interface NodeCase {
  op: string;
  inputs: CaseInput[];
  attrs?: Attribute[];
  outputs?: number;
  opset?: number;
}

function constTensor(name: string, c: ConstInput): Tensor {
  if (c.dtype === 'float32') return floatTensor(name, c.shape, c.values.map(Number));
  if (c.dtype === 'bool') return { name, dims: c.shape, dataType: DataType.BOOL, raw: Uint8Array.from(c.values, (v) => (v ? 1 : 0)), extra: [] };
  const data = BigInt64Array.from(c.values, (v) => BigInt(v));
  return { name, dims: c.shape, dataType: DataType.INT64, raw: new Uint8Array(data.buffer), extra: [] };
}

export function emptyModel(opset: number): OnnxModel {
  return {
    irVersion: 8,
    opsetImports: [{ domain: '', version: opset }],
    extra: [],
    graph: { name: 'shape_check', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], extra: [] },
  };
}

/** A model of the single node `c`: returns it and the shapes of its float inputs. */
export function oneNodeModel(c: NodeCase): { model: OnnxModel; inputShapes: Record<string, number[]> } {
  const model = emptyModel(c.opset ?? 17);
  const inputShapes: Record<string, number[]> = {};
  const names = c.inputs.map((inp, k) => {
    if (inp === null) return '';
    const name = `x${k}`;
    if (Array.isArray(inp)) {
      inputShapes[name] = inp;
      model.graph.inputs.push({ name, elemType: DataType.FLOAT, shape: inp, extra: [] });
    } else model.graph.initializers.push(constTensor(name, inp));
    return name;
  });
  const outputs = Array.from({ length: c.outputs ?? 1 }, (_, k) => `y${k}`);
  model.graph.nodes.push({ name: 'node', opType: c.op, domain: '', inputs: names, outputs, attributes: c.attrs ?? [], extra: [] });
  model.graph.outputs = outputs.map((name) => ({ name, extra: [] }));
  return { model, inputShapes };
}

/** Shapes and types measured by onnxruntime on random float32 inputs. */
export function measure(model: OnnxModel, inputShapes: Record<string, number[]>): Promise<ProbeResult> {
  const next = rng(99);
  const feeds = Object.fromEntries(
    Object.entries(inputShapes).map(([name, shape]) => [name, new ort.Tensor('float32', randomValues(shape.reduce((a, b) => a * b, 1), next), shape)]),
  );
  return probeShapes(model, feeds);
}

/** Static inference must give exactly the measured shape of every value and the type of every measured one. */
export function expectSameFacts(inferred: ProbeResult | { unsupported: string }, measured: ProbeResult): void {
  if ('unsupported' in inferred) throw new Error(`static inference gave up: ${inferred.unsupported}`);
  expect([...inferred.shapes.keys()].sort()).toEqual([...measured.shapes.keys()].sort());
  const wrongShapes = [...measured.shapes].filter(([name, shape]) => inferred.shapes.get(name)?.join(',') !== shape.join(','));
  expect(wrongShapes.map(([name, shape]) => `${name}: measured [${shape}], inferred [${inferred.shapes.get(name)}]`)).toEqual([]);
  const wrongTypes = [...measured.types].filter(([name, type]) => inferred.types.get(name) !== type);
  expect(wrongTypes.map(([name, type]) => `${name}: measured ${type}, inferred ${inferred.types.get(name)}`)).toEqual([]);
}

export async function expectInferenceMatchesOrt(model: OnnxModel, inputShapes: Record<string, number[]>): Promise<void> {
  expectSameFacts(inferShapes(model, inputShapes), await measure(model, inputShapes));
}
