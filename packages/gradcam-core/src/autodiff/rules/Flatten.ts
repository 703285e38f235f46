import type { VjpRule } from '../rule';

/** Flatten only relabels axes: the gradient is reshaped back to the input's run-time shape. */
export const flattenGrad: VjpRule = {
  opType: 'Flatten',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Reshape', [dy, b.shape(node.inputs[0]!)])],
};
