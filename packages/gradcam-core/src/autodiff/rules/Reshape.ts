import type { VjpRule } from '../rule';

/** Reshape moves no values: the gradient takes the input's (run-time) shape back. */
export const reshapeGrad: VjpRule = {
  opType: 'Reshape',
  differentiableInputs: [0],
  grad: ({ b, node, dy }) => [b.op('Reshape', [dy, b.shape(node.inputs[0]!)])],
};
