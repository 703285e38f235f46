import type { VjpRule } from '../rule';

/** y[n,c] = mean over the spatial axes of x[n,c]: dx = dy / (H·W), spread over the spatial axes. */
export const globalAveragePoolGrad: VjpRule = {
  opType: 'GlobalAveragePool',
  differentiableInputs: [0],
  grad: ({ b, node, dy, shapeOf }) => {
    const x = node.inputs[0]!;
    const spatial = shapeOf(x).slice(2).reduce((a, c) => a * c, 1);
    // dy is [N,C,1,...]: the same rank as x, so this is a broadcast the CAM can skip.
    return [b.broadcast(b.op('Mul', [dy, b.floats(1 / spatial)]), b.shape(x))];
  },
};
