/**
 * Checks VJP rules against central finite differences: for a random cotangent v and random
 * directions u, <VJP(v), u> must equal d/dε <v, f(x + εu)> at ε = 0. The graph runs in
 * onnxruntime in float32, the dot products are summed in float64. checkVjp (one node) builds on
 * this; used directly, it checks a whole small graph: what a one-node model cannot express
 * (a bool condition from a comparison, parameters computed in-graph, a Shape → Gather chain,
 * inputs scaled past [-1, 1)). Every graph input that is not an initializer is differentiated;
 * every graph output is seeded.
 */
import * as ort from 'onnxruntime-node';
import { backward } from '../../src/autodiff/backward';
import type { VjpRule } from '../../src/autodiff/rule';
import { RULES } from '../../src/autodiff/registry';
import { probeShapes } from '../../src/compile/probe';
import { GraphBuilder } from '../../src/onnx/builder';
import { GraphIndex } from '../../src/onnx/graph';
import { dataInputs, type Attribute, type Node, type OnnxModel, type Tensor } from '../../src/onnx/ir';
import { encodeModel } from '../../src/onnx/proto';
import { randomValues, rng } from './random';

export interface VjpReport {
  /** Worst |fd - analytic| / Σ|g·u| over the directions tried. */
  maxError: number;
  directions: number;
}

export interface GraphSpec {
  /** Differentiated float32 inputs: name -> shape (batch first). */
  inputs: Record<string, number[]>;
  initializers?: Tensor[];
  nodes: Array<{ op: string; inputs: string[]; outputs: string[]; attrs?: Attribute[] }>;
  outputs: string[];
  opset?: number;
}

export interface GraphVjpOptions {
  kinks?: number[];
  gap?: number;
  positive?: boolean;
  /** Inputs are uniform in [-scale, scale) (default 1). */
  scale?: number;
  eps?: number;
  seed?: number;
  rules?: ReadonlyMap<string, VjpRule>;
  /** Probe (and compile) at the spec's shapes, run at this batch: axis 0 of every input is dynamic. */
  runBatch?: number;
  /** With `runBatch`: inputs without a batch axis (they keep their shape at run time). */
  unbatched?: string[];
}

export interface GraphVjpReport extends VjpReport {
  /** The nodes backward appended to the graph. */
  emitted: Node[];
}

export function graphModel(spec: GraphSpec, batched: (input: string) => boolean = () => false): OnnxModel {
  return {
    irVersion: 8,
    opsetImports: [{ domain: '', version: spec.opset ?? 17 }],
    extra: [],
    graph: {
      name: 'graph_vjp_check',
      nodes: spec.nodes.map((n, k) => ({ name: `n${k}_${n.op}`, opType: n.op, domain: '', inputs: n.inputs, outputs: n.outputs, attributes: n.attrs ?? [], extra: [] })),
      initializers: spec.initializers ?? [],
      inputs: Object.entries(spec.inputs).map(([name, shape]) => ({ name, elemType: 1, shape: batched(name) ? ['batch', ...shape.slice(1)] : shape, extra: [] })),
      outputs: spec.outputs.map((name) => ({ name, extra: [] })),
      valueInfo: [],
      extra: [],
    },
  };
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export async function checkGraphVjp(spec: GraphSpec, opts: GraphVjpOptions = {}): Promise<GraphVjpReport> {
  const next = rng(opts.seed ?? 1234);
  const batched = (name: string): boolean => opts.runBatch !== undefined && !(opts.unbatched ?? []).includes(name);
  const model = graphModel(spec, batched);
  const xs = dataInputs(model.graph).map((v) => v.name);
  const probeShapesOf = xs.map((name) => spec.inputs[name]!);
  const xShapes = xs.map((name, k) => (batched(name) ? [opts.runBatch ?? 0, ...probeShapesOf[k]!.slice(1)] : probeShapesOf[k]!));
  const random = (s: number[]): Float32Array => randomValues(size(s), next, { kinks: opts.kinks, gap: opts.gap, positive: opts.positive, scale: opts.scale });
  const feedsOf = (vals: Float32Array[], dims: number[][]): Record<string, ort.Tensor> =>
    Object.fromEntries(xs.map((name, k) => [name, new ort.Tensor('float32', vals[k]!, dims[k]!)]));
  const feeds = (vals: Float32Array[]): Record<string, ort.Tensor> => feedsOf(vals, xShapes);

  const probeX = probeShapesOf.map(random);
  const { shapes, types } = await probeShapes(model, feedsOf(probeX, probeShapesOf));
  const x = opts.runBatch === undefined ? probeX : xShapes.map(random);
  const ys = spec.outputs;
  const gradModel: OnnxModel = structuredClone(model);
  const before = gradModel.graph.nodes.length;
  const b = new GraphBuilder(gradModel.graph, spec.opset ?? 17);
  const seeds = new Map(ys.map((y) => [y, `seed_${y}`]));
  for (const [y, s] of seeds) gradModel.graph.inputs.push({ name: s, elemType: 1, shape: opts.runBatch === undefined ? shapes.get(y)! : undefined, extra: [] });
  const grads = backward(b, new GraphIndex(gradModel.graph), { seeds, wrt: xs, shapes, types }, opts.rules ?? RULES);
  const emitted = gradModel.graph.nodes.slice(before);
  gradModel.graph.outputs = xs.map((name) => ({ name: grads.get(name)!, extra: [] }));

  const forward = await ort.InferenceSession.create(encodeModel(model));
  const reverse = await ort.InferenceSession.create(encodeModel(gradModel));
  try {
    const out = await forward.run(feeds(x));
    const yShapes = ys.map((y) => [...out[y]!.dims]);
    const v = yShapes.map((s) => randomValues(size(s), next));
    const seedFeeds = Object.fromEntries(ys.map((y, k) => [seeds.get(y)!, new ort.Tensor('float32', v[k]!, yShapes[k]!)]));
    const g = await reverse.run({ ...feeds(x), ...seedFeeds });
    const gx = xs.map((name, k) => {
      const t = g[grads.get(name)!]!;
      expect([...t.dims]).toEqual(xShapes[k]);
      return t.data as Float32Array;
    });
    const objective = async (vals: Float32Array[]): Promise<number> => {
      const out = await forward.run(feeds(vals));
      let sum = 0;
      ys.forEach((y, k) => {
        const data = out[y]!.data as Float32Array;
        for (let i = 0; i < data.length; i++) sum += data[i]! * v[k]![i]!;
      });
      return sum;
    };
    const eps = opts.eps ?? 1e-2;
    let maxError = 0;
    const directions = 3;
    for (let d = 0; d < directions; d++) {
      const u = xShapes.map((s) => randomValues(size(s), next));
      const shifted = (sign: number): Float32Array[] => x.map((xi, k) => xi.map((val, i) => val + sign * eps * u[k]![i]!));
      const fd = ((await objective(shifted(1))) - (await objective(shifted(-1)))) / (2 * eps);
      let analytic = 0;
      let scale = 0;
      gx.forEach((gi, k) => {
        for (let i = 0; i < gi.length; i++) {
          analytic += gi[i]! * u[k]![i]!;
          scale += Math.abs(gi[i]! * u[k]![i]!);
        }
      });
      maxError = Math.max(maxError, Math.abs(fd - analytic) / Math.max(scale, 1e-6));
    }
    return { maxError, directions, emitted };
  } finally {
    await forward.release();
    await reverse.release();
  }
}
