/**
 * Checks a VJP rule against central finite differences: for a random cotangent v and random
 * directions u, <VJP(v), u> must equal d/dε <v, f(x + εu)> at ε = 0.
 * The op runs in onnxruntime in float32, the dot products are summed in float64.
 */
import * as ort from 'onnxruntime-node';
import { backward } from '../../src/autodiff/backward';
import { probeShapes } from '../../src/compile/probe';
import { GraphBuilder } from '../../src/onnx/builder';
import { GraphIndex } from '../../src/onnx/graph';
import type { Attribute, Dim, OnnxModel } from '../../src/onnx/ir';
import { encodeModel } from '../../src/onnx/proto';
import { floatTensor, int64Tensor } from '../../src/onnx/tensor';
import { randomValues, rng } from './random';

export interface VjpInput {
  shape: number[];
  /** Fixed values make the input a constant (shapes, axes, weights not checked). */
  values?: number[];
  dtype?: 'float32' | 'int64';
  /** With `runBatch`: this variable input has no batch axis (keeps its shape at run time). */
  unbatched?: boolean;
}

export interface VjpCase {
  op: string;
  inputs: VjpInput[];
  attrs?: Attribute[];
  /** Number of node outputs (default 1); `seeded` lists those the cotangent is applied to. */
  outputs?: number;
  seeded?: number[];
  opset?: number;
  /** Kink points the random inputs keep away from, and how far. */
  kinks?: number[];
  gap?: number;
  positive?: boolean;
  eps?: number;
  seed?: number;
  /**
   * Shapes are probed (and the backward graph compiled) at the inputs' given shapes, but the
   * check runs at this batch size: axis 0 of every variable input (but `unbatched` ones) is
   * declared dynamic, so a rule that bakes the probe's batch into the graph fails here.
   */
  runBatch?: number;
}

export interface VjpReport {
  /** Worst |fd - analytic| / Σ|g·u| over the directions tried. */
  maxError: number;
  directions: number;
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

const batched = (c: VjpCase, inp: VjpInput): boolean => c.runBatch !== undefined && !inp.values && !inp.unbatched;
const dynamicBatch = (shape: number[]): Dim[] => ['batch', ...shape.slice(1)];

function buildModel(c: VjpCase): { model: OnnxModel; xs: string[]; ys: string[] } {
  const opset = c.opset ?? 17;
  const model: OnnxModel = {
    irVersion: 8,
    opsetImports: [{ domain: '', version: opset }],
    extra: [],
    graph: { name: 'vjp_check', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], extra: [] },
  };
  const names = c.inputs.map((inp, k) => {
    const name = `x${k}`;
    if (inp.values) {
      const t = inp.dtype === 'int64' ? int64Tensor(name, inp.shape, inp.values) : floatTensor(name, inp.shape, inp.values);
      model.graph.initializers.push(t);
    } else model.graph.inputs.push({ name, elemType: 1, shape: batched(c, inp) ? dynamicBatch(inp.shape) : inp.shape, extra: [] });
    return name;
  });
  const ys = Array.from({ length: c.outputs ?? 1 }, (_, k) => `y${k}`);
  model.graph.nodes.push({ name: 'op', opType: c.op, domain: '', inputs: names, outputs: ys, attributes: c.attrs ?? [], extra: [] });
  const seeded = c.seeded ?? [0];
  model.graph.outputs = seeded.map((k) => ({ name: ys[k]!, extra: [] }));
  return { model, xs: names.filter((_, k) => !c.inputs[k]!.values), ys: seeded.map((k) => ys[k]!) };
}

export async function checkVjp(c: VjpCase): Promise<VjpReport> {
  const next = rng(c.seed ?? 1234);
  const { model, xs, ys } = buildModel(c);
  const variables = c.inputs.filter((i) => !i.values);
  const probeShapesOf = variables.map((i) => i.shape);
  const xShapes = variables.map((i) => (batched(c, i) ? [c.runBatch ?? 0, ...i.shape.slice(1)] : i.shape));
  const random = (s: number[]): Float32Array => randomValues(size(s), next, { kinks: c.kinks, gap: c.gap, positive: c.positive });
  const feedsOf = (vals: Float32Array[], dims: number[][]): Record<string, ort.Tensor> =>
    Object.fromEntries(xs.map((name, k) => [name, new ort.Tensor('float32', vals[k]!, dims[k]!)]));
  const feeds = (vals: Float32Array[]): Record<string, ort.Tensor> => feedsOf(vals, xShapes);

  const probeX = probeShapesOf.map(random);
  const { shapes, types } = await probeShapes(model, feedsOf(probeX, probeShapesOf));
  const x = c.runBatch === undefined ? probeX : xShapes.map(random);
  const gradModel: OnnxModel = structuredClone(model);
  const b = new GraphBuilder(gradModel.graph, c.opset ?? 17);
  const seeds = new Map(ys.map((y) => [y, `seed_${y}`]));
  // With runBatch the seeds declare no shape: an output's batch axis need not be its axis 0.
  for (const [y, s] of seeds) gradModel.graph.inputs.push({ name: s, elemType: 1, shape: c.runBatch === undefined ? shapes.get(y)! : undefined, extra: [] });
  const grads = backward(b, new GraphIndex(gradModel.graph), { seeds, wrt: xs, shapes, types });
  gradModel.graph.outputs = xs.map((name) => ({ name: grads.get(name)!, extra: [] }));

  const forward = await ort.InferenceSession.create(encodeModel(model));
  const reverse = await ort.InferenceSession.create(encodeModel(gradModel));
  try {
    const yShapes = c.runBatch === undefined ? ys.map((y) => shapes.get(y)!) : await outputShapes(forward, feeds(x), ys);
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
    const eps = c.eps ?? 1e-2;
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
    return { maxError, directions };
  } finally {
    await forward.release();
    await reverse.release();
  }
}

async function outputShapes(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, ys: string[]): Promise<number[][]> {
  const out = await session.run(feeds);
  return ys.map((y) => [...out[y]!.dims]);
}
