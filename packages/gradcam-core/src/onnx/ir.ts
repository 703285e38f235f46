/**
 * The small graph IR the compiler works on: what an ONNX ModelProto holds, with the fields the
 * compiler reads decoded and everything else kept as raw wire fields (`extra`) for the round trip.
 */
import type { WireField } from './wire';

export enum DataType {
  UNDEFINED = 0,
  FLOAT = 1,
  UINT8 = 2,
  INT8 = 3,
  UINT16 = 4,
  INT16 = 5,
  INT32 = 6,
  INT64 = 7,
  STRING = 8,
  BOOL = 9,
  FLOAT16 = 10,
  DOUBLE = 11,
  UINT32 = 12,
  UINT64 = 13,
}

export enum AttributeType {
  UNDEFINED = 0,
  FLOAT = 1,
  INT = 2,
  STRING = 3,
  TENSOR = 4,
  GRAPH = 5,
  FLOATS = 6,
  INTS = 7,
  STRINGS = 8,
  TENSORS = 9,
  GRAPHS = 10,
  SPARSE_TENSOR = 11,
  SPARSE_TENSORS = 12,
  TYPE_PROTO = 13,
  TYPE_PROTOS = 14,
}

export interface OpsetImport {
  domain: string;
  version: number;
}

/** A tensor constant. `raw` holds its elements little-endian, whatever field the file used. */
export interface Tensor {
  name: string;
  dims: number[];
  dataType: DataType;
  raw: Uint8Array;
  extra: WireField[];
}

/** One dimension: a size, a symbolic name (e.g. "batch"), or unknown. */
export type Dim = number | string | null;

export interface ValueInfo {
  name: string;
  /** Present when the value is a tensor with a declared element type. */
  elemType?: DataType;
  /** Present when the tensor declares a shape. */
  shape?: Dim[];
  /** Set when the type is not a plain tensor type: kept verbatim. */
  rawType?: Uint8Array;
  extra: WireField[];
}

export interface Attribute {
  name: string;
  type: AttributeType;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: Tensor;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
  /** Sub-graphs, sparse tensors, type protos, doc strings: not used by the compiler, kept as they are. */
  extra: WireField[];
}

export interface Node {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Attribute[];
  extra: WireField[];
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  valueInfo: ValueInfo[];
  extra: WireField[];
}

export interface OnnxModel {
  irVersion: number;
  opsetImports: OpsetImport[];
  graph: Graph;
  extra: WireField[];
}

/** The default-domain opset the model was exported with. */
export function opsetVersion(model: OnnxModel): number {
  const imp = model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!imp) throw new Error('model imports no default-domain (ai.onnx) opset');
  return imp.version;
}

/** Graph inputs that are not also initializers (IR < 4 lists weights as inputs too). */
export function dataInputs(graph: Graph): ValueInfo[] {
  const inits = new Set(graph.initializers.map((t) => t.name));
  return graph.inputs.filter((v) => !inits.has(v.name));
}
