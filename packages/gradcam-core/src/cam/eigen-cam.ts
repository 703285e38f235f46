/**
 * EigenCAM (Muhammad & Yeasin, 2020): the activations projected on their first principal
 * component, as pytorch-grad-cam's get_2d_projection computes it: per sample X = A as [h·w, C]
 * minus its mean over positions, L = X·v₁ with v₁ the first right-singular vector of X. Needs no
 * gradients, so the compiled graph has no backward pass.
 *
 * v₁ is the dominant eigenvector of XᵀX [C,C] or, when h·w < C, comes from that of the smaller
 * XXᵀ [hw,hw] (the left-singular vector u₁) as v₁ ∝ Xᵀu₁: the same vector, for less work.
 *
 * An SVD leaves the sign of v₁ open (pytorch-grad-cam shows whatever LAPACK returns). Here it is
 * fixed so that the map's largest-magnitude entry is positive, max L + min L ≥ 0: the region the
 * component expresses most strongly is the one kept by ReLU. (A positive sum over positions
 * cannot serve: X is centred, so Σ L = 0.) The fixtures' reference uses the same convention.
 */
import { attr } from '../onnx/attributes';
import { dominantEigenvector, unitVector } from './dominant-eigenvector';
import type { CamMethod } from './method';

export const eigenCam: CamMethod = {
  name: 'eigencam',
  needsGradients: false,
  rawMap: ({ b, activations, shape }) => {
    const [, channels = 0, height = 0, width = 0] = shape;
    const positions = height * width;
    const flat = b.op('Reshape', [activations, b.ints([0, channels, positions])]);
    const xt = b.op('Sub', [flat, b.reduce('ReduceMean', flat, [2], true)]); // Xᵀ [N,C,hw]
    const x = b.op('Transpose', [xt], [attr.ints('perm', [0, 2, 1])]); // X [N,hw,C]
    const v1 =
      channels <= positions
        ? dominantEigenvector(b, b.op('MatMul', [xt, x]), channels)
        : unitVector(b, b.op('MatMul', [xt, dominantEigenvector(b, b.op('MatMul', [x, xt]), positions)]));
    const projection = b.op('MatMul', [x, v1]); // [N,hw,1]
    const extremes = b.op('Add', [b.reduce('ReduceMax', projection, [1, 2], true), b.reduce('ReduceMin', projection, [1, 2], true)]);
    const sign = b.op('Where', [b.op('Less', [extremes, b.floats(0)]), b.floats(-1), b.floats(1)]);
    return b.op('Reshape', [b.op('Mul', [projection, sign]), b.ints([0, 1, height, width])]);
  },
};
