/**
 * Reverse-mode autodiff over an ONNX graph: walks the nodes between the seeded outputs and the
 * requested values in reverse order, applies each op's VJP rule, sums gradients where a value
 * fans out, and sums broadcast gradients back to their input's shape. Emits standard ONNX ops.
 */
import { attr } from '../onnx/attributes';
import type { GraphBuilder } from '../onnx/builder';
import type { GraphIndex } from '../onnx/graph';
import type { Node } from '../onnx/ir';
import { floatTensor } from '../onnx/tensor';
import { reduceToShape } from './broadcast';
import { type GradContext, isDifferentiableInput, UnsupportedOpError, type VjpRule } from './rule';
import { RULES } from './registry';

export interface BackwardRequest {
  /** Value -> the name of its incoming gradient (e.g. logits -> the one-hot seed). */
  seeds: ReadonlyMap<string, string>;
  /** Values whose gradients are wanted. */
  wrt: readonly string[];
  /** Static shapes of the values on the path (from the probe run). */
  shapes: ReadonlyMap<string, number[]>;
  /** Element types ('float32', 'int64', ...); where given, gradients flow only through floating-point values. */
  types?: ReadonlyMap<string, string>;
}

const FLOAT_TYPES = new Set(['float32', 'float64', 'float16']);

export class NoGradientPathError extends Error {
  override name = 'NoGradientPathError';
}

export function backward(
  b: GraphBuilder,
  index: GraphIndex,
  req: BackwardRequest,
  rules: ReadonlyMap<string, VjpRule> = RULES,
): Map<string, string> {
  // An integer value carries no gradient even where the op would pass one (x -> Cast<int64> -> Mul -> Cast<float>).
  const isFloat = (value: string): boolean => FLOAT_TYPES.has(req.types?.get(value) ?? 'float32');
  const isDifferentiableEdge = (n: Node, k: number): boolean => {
    const rule = rules.get(n.opType);
    return isFloat(n.inputs[k]!) && (rule ? isDifferentiableInput(rule, k) : true);
  };
  const fromTargets = index.downstreamOf(req.wrt, isDifferentiableEdge);
  const toSeeds = index.upstreamOf(req.seeds.keys());

  const pending = new Map<string, string[]>();
  const contribute = (value: string, grad: string): void => {
    const list = pending.get(value) ?? [];
    list.push(grad);
    pending.set(value, list);
  };
  const total = (value: string): string | undefined => {
    const list = pending.get(value);
    if (!list || list.length === 0) return undefined;
    if (list.length === 1) return list[0];
    const sum = b.op('Sum', list);
    pending.set(value, [sum]);
    return sum;
  };
  for (const [value, grad] of req.seeds) contribute(value, grad);

  const shapeOf = (value: string): number[] => {
    const s = req.shapes.get(value);
    if (!s) throw new Error(`no static shape known for '${value}' (not exposed by the probe run)`);
    return s;
  };

  const nodes = b.graph.nodes.slice(); // the walk must not see the nodes it emits
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k]!;
    if (!node.outputs.some((o) => toSeeds.has(o))) continue;
    if (!node.inputs.some((i, j) => i !== '' && fromTargets.has(i) && isDifferentiableEdge(node, j))) continue;
    const dys = node.outputs.map((o) => total(o));
    if (dys.every((d) => d === undefined)) continue;

    const rule = rules.get(node.opType);
    if (!rule || node.domain !== '' && node.domain !== 'ai.onnx') {
      const shapes = node.inputs.map((i) => `${i}: [${req.shapes.get(i)?.join(',') ?? '?'}]`).join(', ');
      throw new UnsupportedOpError(node.opType, node.name, `no gradient rule for this op (inputs ${shapes})`);
    }
    const needs = node.inputs.map((i, j) => i !== '' && fromTargets.has(i) && isDifferentiableEdge(node, j));
    const ctx: GradContext = {
      b,
      node,
      opset: b.opset,
      dys,
      get dy(): string {
        const d = dys[0];
        if (d === undefined) throw new UnsupportedOpError(node.opType, node.name, 'no gradient reaches output 0');
        return d;
      },
      needs,
      shapeOf,
      constantOf: (value) => index.constantValues(value),
      dyOrZeros: (j) => dys[j] ?? b.op('ConstantOfShape', [b.shape(node.outputs[j]!)], [attr.tensor('value', floatTensor('', [1], [0]))]),
    };
    const grads = rule.grad(ctx);
    node.inputs.forEach((input, j) => {
      const g = grads[j];
      if (!needs[j] || g === undefined) return;
      contribute(input, rule.broadcasts ? reduceToShape(b, g, input, shapeOf(input), shapeOf(node.outputs[0]!)) : g);
    });
  }

  const result = new Map<string, string>();
  for (const w of req.wrt) {
    const g = total(w);
    if (g === undefined) throw new NoGradientPathError(`'${w}' does not influence ${[...req.seeds.keys()].join(', ')}: no gradient flows back to it`);
    result.set(w, g);
  }
  return result;
}
