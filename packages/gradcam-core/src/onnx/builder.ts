/**
 * Appends nodes to a graph with fresh names. Wraps the ops whose form changed between opsets
 * (axes as attribute or as input), so callers write one form for every opset from 13 on.
 */
import { attr } from './attributes';
import type { Attribute, Graph, Node } from './ir';
import { floatTensor, int64Tensor } from './tensor';

export class GraphBuilder {
  private counter = 0;
  /** Values emitted by `broadcast`: what they were expanded from (same rank, size-1 axes). */
  private readonly broadcastSources = new Map<string, string>();
  private readonly used: Set<string>;
  private readonly constCache = new Map<string, string>();

  constructor(
    readonly graph: Graph,
    readonly opset: number,
    private readonly prefix = 'gradcam/',
  ) {
    this.used = new Set<string>();
    for (const n of graph.nodes) for (const o of n.outputs) this.used.add(o);
    for (const v of graph.inputs) this.used.add(v.name);
    for (const t of graph.initializers) this.used.add(t.name);
  }

  /** A value name not used anywhere in the graph. */
  fresh(hint: string): string {
    let name: string;
    do name = `${this.prefix}${hint}_${this.counter++}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }

  /** Emits one node and returns its output names (`outputs` = count of fresh outputs). */
  node(opType: string, inputs: string[], attributes: Attribute[] = [], outputs = 1): string[] {
    const outNames = Array.from({ length: outputs }, () => this.fresh(opType));
    const node: Node = { name: this.fresh(`${opType}_node`), opType, domain: '', inputs, outputs: outNames, attributes, extra: [] };
    this.graph.nodes.push(node);
    return outNames;
  }

  /**
   * Expand(source, shape) where `source` has the result's rank with size 1 on the expanded axes.
   * Recorded, so a consumer that reduces over those axes can read the small source instead.
   */
  broadcast(source: string, shape: string): string {
    const out = this.op('Expand', [source, shape]);
    this.broadcastSources.set(out, source);
    return out;
  }

  /** The pre-broadcast source of a value emitted by `broadcast`, if it is one. */
  broadcastSource(value: string): string | undefined {
    return this.broadcastSources.get(value);
  }

  /** An Identity giving `value` a fixed, caller-chosen name (graph outputs the runtime reads). */
  alias(value: string, name: string): string {
    if (this.used.has(name)) throw new Error(`the graph already has a value named '${name}'`);
    this.used.add(name);
    this.graph.nodes.push({ name: this.fresh('alias_node'), opType: 'Identity', domain: '', inputs: [value], outputs: [name], attributes: [], extra: [] });
    return name;
  }

  op(opType: string, inputs: string[], attributes: Attribute[] = []): string {
    return this.node(opType, inputs, attributes, 1)[0]!;
  }

  /** int64 constant (cached: the same list is stored once). */
  ints(values: number[], dims: number[] = [values.length]): string {
    return this.constant(`i:${dims.join('x')}:${values.join(',')}`, () => int64Tensor(this.fresh('const'), dims, values));
  }

  /** float32 constant; a single number becomes a scalar. */
  floats(values: number | number[], dims?: number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    return this.constant(`f:${shape.join('x')}:${list.join(',')}`, () => floatTensor(this.fresh('const'), shape, list));
  }

  /** A large float32 constant (weights): stored as is, without the small-constant cache. */
  weights(values: Float32Array, dims: number[]): string {
    const t = floatTensor(this.fresh('weights'), dims, values);
    this.graph.initializers.push(t);
    return t.name;
  }

  private constant(key: string, make: () => ReturnType<typeof floatTensor>): string {
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const t = make();
    this.graph.initializers.push(t);
    this.constCache.set(key, t.name);
    return t.name;
  }

  reduceSum(x: string, axes: number[], keepdims: boolean): string {
    if (axes.length === 0) return x; // an empty axes input would reduce every axis
    return this.op('ReduceSum', [x, this.ints(axes)], [attr.int('keepdims', keepdims ? 1 : 0)]);
  }

  /** ReduceMean/Max/Min take axes as an attribute before opset 18 and as an input from 18. */
  reduce(opType: 'ReduceMean' | 'ReduceMax' | 'ReduceMin', x: string, axes: number[], keepdims: boolean): string {
    const kd = attr.int('keepdims', keepdims ? 1 : 0);
    if (this.opset >= 18) return this.op(opType, [x, this.ints(axes)], [kd]);
    return this.op(opType, [x], [attr.ints('axes', axes), kd]);
  }

  unsqueeze(x: string, axes: number[]): string {
    return this.op('Unsqueeze', [x, this.ints(axes)]);
  }

  squeeze(x: string, axes: number[]): string {
    return this.op('Squeeze', [x, this.ints(axes)]);
  }

  /** Shape(x)[start:end], with the slicing done by Slice where Shape has no start/end (opset < 15). */
  shape(x: string, start?: number, end?: number): string {
    if (start === undefined && end === undefined) return this.op('Shape', [x]);
    if (this.opset >= 15) {
      const a: Attribute[] = [];
      if (start !== undefined) a.push(attr.int('start', start));
      if (end !== undefined) a.push(attr.int('end', end));
      return this.op('Shape', [x], a);
    }
    const s = this.op('Shape', [x]);
    return this.op('Slice', [s, this.ints([start ?? 0]), this.ints([end ?? Number.MAX_SAFE_INTEGER])]);
  }

  /** Marks a value as a graph output; its type is left for onnxruntime to infer. */
  output(name: string): void {
    this.graph.outputs.push({ name, extra: [] });
  }
}
