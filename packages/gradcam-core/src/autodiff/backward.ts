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
import { gatheredRows, isRowGradient, padRows, rowAxes, type RowGradient, sameBlock, sliceRows } from './row-gradients';
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

  const shapeOf = (value: string): number[] => {
    const s = req.shapes.get(value);
    if (!s) throw new Error(`no static shape known for '${value}' (not exposed by the probe run)`);
    return s;
  };
  // The batch size the shapes were taken at (the seeded scores' axis 0).
  const batch = shapeOf([...req.seeds.keys()][0]!)[0]!;

  // A value's incoming gradients: full tensors, or rows of axis 1 (row-gradients.ts).
  const pending = new Map<string, (string | RowGradient)[]>();
  const contribute = (value: string, grad: string | RowGradient): void => {
    const list = pending.get(value) ?? [];
    list.push(grad);
    pending.set(value, list);
  };
  /** The value's gradient as rows, when every incoming gradient is rows of one block. */
  const rowTotal = (value: string): RowGradient | undefined => {
    const list = pending.get(value);
    const first = list?.[0];
    if (!list || !first || !isRowGradient(first) || !list.every((g) => isRowGradient(g) && sameBlock(g.block, first.block))) return undefined;
    const rows = list.length === 1 ? first.rows : b.op('Sum', (list as RowGradient[]).map((g) => g.rows));
    const summed = { rows, block: first.block };
    pending.set(value, [summed]);
    return summed;
  };
  const total = (value: string): string | undefined => {
    rowTotal(value); // rows of one block are summed before they are padded, once
    const list = pending.get(value);
    if (!list || list.length === 0) return undefined;
    const full = list.map((g) => (isRowGradient(g) ? padRows(b, g.rows, g.block, shapeOf(value).length, 1) : g));
    const sum = full.length === 1 ? full[0]! : b.op('Sum', full);
    pending.set(value, [sum]);
    return sum;
  };
  for (const [value, grad] of req.seeds) contribute(value, grad);

  const nodes = b.graph.nodes.slice(); // the walk must not see the nodes it emits
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k]!;
    if (!node.outputs.some((o) => toSeeds.has(o))) continue;
    if (!node.inputs.some((i, j) => i !== '' && fromTargets.has(i) && isDifferentiableEdge(node, j))) continue;
    if (!node.outputs.some((o) => pending.get(o)?.length)) continue; // no gradient reaches it
    const rule = rules.get(node.opType);
    if (!rule || node.domain !== '' && node.domain !== 'ai.onnx') {
      const shapes = node.inputs.map((i) => `${i}: [${req.shapes.get(i)?.join(',') ?? '?'}]`).join(', ');
      throw new UnsupportedOpError(node.opType, node.name, `no gradient rule for this op (inputs ${shapes})`);
    }
    const needs = node.inputs.map((i, j) => i !== '' && fromTargets.has(i) && isDifferentiableEdge(node, j));
    const constantOf = (value: string): number[] | undefined => index.constantValues(value);

    // Rows in, row-wise node: its rule runs on the node's view over those rows.
    const rows = node.outputs.length > 0 && pending.has(node.outputs[0]!) ? rowTotal(node.outputs[0]!) : undefined;
    const axes = rows && rowAxes(node, shapeOf, rows.block, b.opset);
    if (rows && axes) {
      const viewShapes = new Map<string, number[]>();
      const view = (v: string): string => {
        const axis = axes.get(v);
        if (axis === null || axis === undefined || v === '') return v;
        const sliced = sliceRows(b, v, axis, rows.block);
        viewShapes.set(sliced, shapeOf(v).map((d, k) => (k === axis ? rows.block.count : d)));
        return sliced;
      };
      // Rules read the output's values too (Sigmoid's y): its rows.
      const outputView = sliceRows(b, node.outputs[0]!, 1, rows.block);
      viewShapes.set(outputView, shapeOf(node.outputs[0]!).map((d, k) => (k === 1 ? rows.block.count : d)));
      const viewNode: Node = { ...node, inputs: node.inputs.map(view), outputs: [outputView, ...node.outputs.slice(1)] };
      const viewShapeOf = (v: string): number[] => viewShapes.get(v) ?? shapeOf(v);
      const grads = rule.grad({
        b,
        node: viewNode,
        opset: b.opset,
        dys: [rows.rows],
        dy: rows.rows,
        needs,
        shapeOf: viewShapeOf,
        constantOf,
        dyOrZeros: () => rows.rows,
      });
      node.inputs.forEach((input, j) => {
        const g = grads[j];
        if (!needs[j] || g === undefined) return;
        const viewInput = viewNode.inputs[j]!;
        const reduced = rule.broadcasts ? reduceToShape(b, g, viewInput, viewShapeOf(viewInput), viewShapeOf(outputView)) : g;
        const axis = axes.get(input);
        if (axis === 1) contribute(input, { rows: reduced, block: rows.block });
        else contribute(input, axis === null || axis === undefined ? reduced : padRows(b, reduced, rows.block, shapeOf(input).length, axis));
      });
      continue;
    }

    const dys = node.outputs.map((o) => total(o));
    if (dys.every((d) => d === undefined)) continue;
    // A Gather of constant rows of axis 1 (a class token): its input's gradient is those rows.
    const gathered = needs[0] ? gatheredRows(node, shapeOf(node.inputs[0]!), constantOf(node.inputs[1] ?? ''), batch) : undefined;
    if (gathered && dys[0] !== undefined) {
      const scalar = shapeOf(node.inputs[1]!).length === 0;
      contribute(node.inputs[0]!, { rows: scalar ? b.unsqueeze(dys[0], [1]) : dys[0], block: gathered });
      continue;
    }
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
      constantOf,
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
