import type { VjpRule } from '../rule';

/**
 * y = cast(x) to the element type of `target` (how the dynamo exporter types its constants).
 * dx = dy cast back to x's type. A cast to an integer or bool type never gets here: the walker
 * differentiates floating-point values only. `target` lends only its type, so it has no gradient.
 */
export const castLikeGrad: VjpRule = {
  opType: 'CastLike',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('CastLike', [dy, node.inputs[0]!])],
};
