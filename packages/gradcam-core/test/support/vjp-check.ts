/**
 * Checks one op's VJP rule against central finite differences: the op becomes a one-node graph
 * (constant inputs as initializers) checked by checkGraphVjp.
 */
import type { Attribute } from '../../src/onnx/ir';
import { floatTensor, int64Tensor } from '../../src/onnx/tensor';
import { checkGraphVjp, type GraphSpec, type VjpReport } from './graph-vjp-check';

export type { VjpReport } from './graph-vjp-check';

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

export async function checkVjp(c: VjpCase): Promise<VjpReport> {
  const spec: GraphSpec = { inputs: {}, initializers: [], nodes: [], outputs: [], opset: c.opset };
  const names = c.inputs.map((inp, k) => {
    const name = `x${k}`;
    if (inp.values) spec.initializers!.push(inp.dtype === 'int64' ? int64Tensor(name, inp.shape, inp.values) : floatTensor(name, inp.shape, inp.values));
    else spec.inputs[name] = inp.shape;
    return name;
  });
  const ys = Array.from({ length: c.outputs ?? 1 }, (_, k) => `y${k}`);
  spec.nodes.push({ op: c.op, inputs: names, outputs: ys, attrs: c.attrs });
  spec.outputs = (c.seeded ?? [0]).map((k) => ys[k]!);
  const unbatched = names.filter((_, k) => c.inputs[k]!.unbatched);
  const { maxError, directions } = await checkGraphVjp(spec, { kinks: c.kinks, gap: c.gap, positive: c.positive, eps: c.eps, seed: c.seed, runBatch: c.runBatch, unbatched });
  return { maxError, directions };
}
