import type { VjpRule } from '../rule';

/** Unsqueeze only relabels axes: the gradient is reshaped back to the input's run-time shape. */
export const unsqueezeGrad: VjpRule = {
  opType: 'Unsqueeze',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Reshape', [dy, b.shape(node.inputs[0]!)])],
};
