/** ModelProto <-> OnnxModel. Field numbers follow onnx.proto (IR version 3 and later). */
import {
  decodeString,
  fixed32ToFloat,
  ProtoWriter,
  readFields,
  repeatedFloats,
  repeatedVarints,
  varintToInt,
  type WireField,
} from './wire';
import type { Attribute, Dim, Graph, Node, OnnxModel, OpsetImport, Tensor, ValueInfo } from './ir';
import { tensorRawFromFields } from './tensor';

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

const F = {
  model: { irVersion: 1, opsetImport: 8, graph: 7 },
  opset: { domain: 1, version: 2 },
  graph: { node: 1, name: 2, initializer: 5, input: 11, output: 12, valueInfo: 13 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 },
  attr: { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, strings: 9, type: 20 },
  valueInfo: { name: 1, type: 2 },
  type: { tensorType: 1 },
  tensorType: { elemType: 1, shape: 2 },
  shape: { dim: 1 },
  dim: { value: 1, param: 2 },
  tensor: { dims: 1, dataType: 2, name: 8 },
} as const;

/** Splits fields into those a decoder handles (by number) and the rest, kept for re-encoding. */
function partition(fields: WireField[], known: readonly number[]): [WireField[], WireField[]] {
  const set = new Set(known);
  const mine: WireField[] = [];
  const rest: WireField[] = [];
  for (const f of fields) (set.has(f.no) ? mine : rest).push(f);
  return [mine, rest];
}

const str = (fs: WireField[], no: number): string => {
  const f = fs.filter((x) => x.no === no).pop();
  return f?.bytes ? decodeString(f.bytes) : '';
};
const int = (fs: WireField[], no: number): number | undefined => {
  const f = fs.filter((x) => x.no === no).pop();
  return f?.varint !== undefined ? varintToInt(f.varint) : undefined;
};
const msgs = (fs: WireField[], no: number): Uint8Array[] => fs.filter((x) => x.no === no).map((x) => x.bytes!);
const strs = (fs: WireField[], no: number): string[] => msgs(fs, no).map(decodeString);

export function decodeTensor(bytes: Uint8Array): Tensor {
  const fields = readFields(bytes);
  const dims = repeatedVarints(fields, F.tensor.dims);
  const dataType = int(fields, F.tensor.dataType) ?? 0;
  const name = str(fields, F.tensor.name);
  const { raw, rest } = tensorRawFromFields(fields, dims, dataType, name);
  return { name, dims, dataType, raw, extra: rest };
}

function decodeValueInfo(bytes: Uint8Array): ValueInfo {
  const [mine, extra] = partition(readFields(bytes), [F.valueInfo.name, F.valueInfo.type]);
  const info: ValueInfo = { name: str(mine, F.valueInfo.name), extra };
  const typeBytes = msgs(mine, F.valueInfo.type).pop();
  if (!typeBytes) return info;
  const typeFields = readFields(typeBytes);
  const tensorType = msgs(typeFields, F.type.tensorType).pop();
  if (!tensorType || typeFields.length !== 1) {
    info.rawType = typeBytes;
    return info;
  }
  const tt = readFields(tensorType);
  info.elemType = int(tt, F.tensorType.elemType) ?? 0;
  const shapeBytes = msgs(tt, F.tensorType.shape).pop();
  if (shapeBytes) {
    info.shape = msgs(readFields(shapeBytes), F.shape.dim).map((d): Dim => {
      const df = readFields(d);
      const value = int(df, F.dim.value);
      if (value !== undefined) return value;
      const param = str(df, F.dim.param);
      return param === '' ? null : param;
    });
  }
  return info;
}

function decodeAttribute(bytes: Uint8Array): Attribute {
  const a = F.attr;
  const [mine, extra] = partition(readFields(bytes), [a.name, a.f, a.i, a.s, a.t, a.floats, a.ints, a.strings, a.type]);
  const attr: Attribute = { name: str(mine, a.name), type: int(mine, a.type) ?? 0, extra };
  const f = mine.filter((x) => x.no === a.f).pop();
  if (f?.bytes) attr.f = fixed32ToFloat(f.bytes);
  attr.i = int(mine, a.i);
  attr.s = msgs(mine, a.s).pop();
  const t = msgs(mine, a.t).pop();
  if (t) attr.t = decodeTensor(t);
  if (mine.some((x) => x.no === a.floats)) attr.floats = repeatedFloats(mine, a.floats);
  if (mine.some((x) => x.no === a.ints)) attr.ints = repeatedVarints(mine, a.ints);
  if (mine.some((x) => x.no === a.strings)) attr.strings = msgs(mine, a.strings);
  return attr;
}

function decodeNode(bytes: Uint8Array): Node {
  const n = F.node;
  const [mine, extra] = partition(readFields(bytes), [n.input, n.output, n.name, n.opType, n.attribute, n.domain]);
  return {
    name: str(mine, n.name),
    opType: str(mine, n.opType),
    domain: str(mine, n.domain),
    inputs: strs(mine, n.input),
    outputs: strs(mine, n.output),
    attributes: msgs(mine, n.attribute).map(decodeAttribute),
    extra,
  };
}

function decodeGraph(bytes: Uint8Array): Graph {
  const g = F.graph;
  const [mine, extra] = partition(readFields(bytes), [g.node, g.name, g.initializer, g.input, g.output, g.valueInfo]);
  return {
    name: str(mine, g.name),
    nodes: msgs(mine, g.node).map(decodeNode),
    initializers: msgs(mine, g.initializer).map(decodeTensor),
    inputs: msgs(mine, g.input).map(decodeValueInfo),
    outputs: msgs(mine, g.output).map(decodeValueInfo),
    valueInfo: msgs(mine, g.valueInfo).map(decodeValueInfo),
    extra,
  };
}

/** Parses an ONNX file. Throws OnnxFormatError with the reason when the bytes are not a model. */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  try {
    const m = F.model;
    const [mine, extra] = partition(readFields(bytes), [m.irVersion, m.opsetImport, m.graph]);
    const graphBytes = msgs(mine, m.graph).pop();
    if (!graphBytes) throw new OnnxFormatError('no graph in the file (is this an ONNX model?)');
    const opsetImports = msgs(mine, m.opsetImport).map((b): OpsetImport => {
      const fs = readFields(b);
      return { domain: str(fs, F.opset.domain), version: int(fs, F.opset.version) ?? 0 };
    });
    const model = { irVersion: int(mine, m.irVersion) ?? 0, opsetImports, graph: decodeGraph(graphBytes), extra };
    if (model.graph.nodes.length === 0) throw new OnnxFormatError('the graph has no nodes');
    return model;
  } catch (err) {
    if (err instanceof OnnxFormatError) throw err;
    throw new OnnxFormatError(`not a valid ONNX model: ${(err as Error).message}`);
  }
}

export function writeTensor(w: ProtoWriter, t: Tensor): void {
  w.packedInts(F.tensor.dims, t.dims).int(F.tensor.dataType, t.dataType).string(F.tensor.name, t.name);
  w.bytes(9 /* raw_data */, t.raw).raw(t.extra);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(F.valueInfo.name, v.name);
  if (v.rawType) w.bytes(F.valueInfo.type, v.rawType);
  else if (v.elemType !== undefined) {
    w.message(F.valueInfo.type, (tw) =>
      tw.message(F.type.tensorType, (tt) => {
        tt.int(F.tensorType.elemType, v.elemType!);
        if (v.shape)
          tt.message(F.tensorType.shape, (sw) => {
            for (const d of v.shape!)
              sw.message(F.shape.dim, (dw) => {
                if (typeof d === 'number') dw.int(F.dim.value, d);
                else if (typeof d === 'string') dw.string(F.dim.param, d);
              });
          });
      }),
    );
  }
  w.raw(v.extra);
}

function writeAttribute(w: ProtoWriter, a: Attribute): void {
  const n = F.attr;
  w.string(n.name, a.name);
  if (a.f !== undefined) w.float(n.f, a.f);
  if (a.i !== undefined) w.int(n.i, a.i);
  if (a.s !== undefined) w.bytes(n.s, a.s);
  if (a.t !== undefined) w.message(n.t, (tw) => writeTensor(tw, a.t!));
  if (a.floats !== undefined) w.packedFloats(n.floats, a.floats);
  if (a.ints !== undefined) w.packedInts(n.ints, a.ints);
  for (const s of a.strings ?? []) w.bytes(n.strings, s);
  w.int(n.type, a.type).raw(a.extra);
}

function writeNode(w: ProtoWriter, node: Node): void {
  const n = F.node;
  for (const i of node.inputs) w.string(n.input, i);
  for (const o of node.outputs) w.string(n.output, o);
  if (node.name) w.string(n.name, node.name);
  w.string(n.opType, node.opType);
  if (node.domain) w.string(n.domain, node.domain);
  for (const a of node.attributes) w.message(n.attribute, (aw) => writeAttribute(aw, a));
  w.raw(node.extra);
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(F.model.irVersion, model.irVersion);
  for (const o of model.opsetImports)
    w.message(F.model.opsetImport, (ow) => {
      if (o.domain) ow.string(F.opset.domain, o.domain);
      ow.int(F.opset.version, o.version);
    });
  const g = model.graph;
  const gf = F.graph;
  w.message(F.model.graph, (gw) => {
    for (const node of g.nodes) gw.message(gf.node, (nw) => writeNode(nw, node));
    gw.string(gf.name, g.name);
    for (const t of g.initializers) gw.message(gf.initializer, (tw) => writeTensor(tw, t));
    for (const v of g.inputs) gw.message(gf.input, (vw) => writeValueInfo(vw, v));
    for (const v of g.outputs) gw.message(gf.output, (vw) => writeValueInfo(vw, v));
    for (const v of g.valueInfo) gw.message(gf.valueInfo, (vw) => writeValueInfo(vw, v));
    gw.raw(g.extra);
  });
  w.raw(model.extra);
  return w.finish();
}
