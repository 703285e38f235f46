/**
 * A VJP rule: given the gradients flowing into a node's outputs, emit ONNX nodes that compute
 * the gradients of its inputs. One rule per op type, one file per rule (rules/<OpType>.ts).
 */
import type { GraphBuilder } from '../onnx/builder';
import type { Node } from '../onnx/ir';

export interface GradContext {
  readonly b: GraphBuilder;
  readonly node: Node;
  /** Opset of the default domain. */
  readonly opset: number;
  /** Gradient of each output; undefined where the output does not reach the seed. */
  readonly dys: readonly (string | undefined)[];
  /** Gradient of output 0 (every rule with one output uses this). */
  readonly dy: string;
  /** Which inputs need a gradient (on the path from a target and differentiable). */
  readonly needs: readonly boolean[];
  /**
   * Static shape of a value from the probe run. The batch axis has the probe's batch size: never
   * bake it into the graph; use `b.shape(x)` when a full shape is needed at run time.
   */
  shapeOf(value: string): number[];
  /** The elements of a constant input (initializer or Constant), undefined when computed. */
  constantOf(value: string): number[] | undefined;
  /** Gradient of output k, or zeros shaped like that output when nothing flows into it. */
  dyOrZeros(k: number): string;
}

export interface VjpRule {
  readonly opType: string;
  /** Inputs a gradient can flow into; others (shapes, axes, indices) are treated as constants. */
  readonly differentiableInputs: readonly number[] | 'all';
  /**
   * True for element-wise ops with multidirectional broadcasting: the rule returns gradients in the
   * output's shape and the walker sums them back to each input's shape.
   */
  readonly broadcasts?: boolean;
  /** Gradients per input (undefined where `needs[i]` is false or no gradient flows). */
  grad(ctx: GradContext): (string | undefined)[];
}

export const isDifferentiableInput = (rule: VjpRule, k: number): boolean =>
  rule.differentiableInputs === 'all' || rule.differentiableInputs.includes(k);

/** The op cannot be differentiated here: names op, node and shapes so the user knows what to change. */
export class UnsupportedOpError extends Error {
  override name = 'UnsupportedOpError';
  constructor(
    readonly opType: string,
    readonly nodeName: string,
    detail: string,
  ) {
    super(`cannot differentiate ${opType} node '${nodeName}': ${detail}`);
  }
}
