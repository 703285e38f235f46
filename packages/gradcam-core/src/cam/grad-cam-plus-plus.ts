/**
 * Grad-CAM++ (Chattopadhyay et al., 2018, eq. 19, the score taken through an exponential so that
 * its higher derivatives are powers of the gradient g = ∂y/∂A):
 * α_c[i,j] = g² / (2g² + Σ_ab A_c[a,b]·g³),  w_c = Σ_ij ReLU(g)·α_c[i,j],
 * per sample and channel, with pytorch-grad-cam's 1e-6 in the denominator.
 */
import { compactGradients, type CamMethod } from './method';

export const gradCamPlusPlus: CamMethod = {
  name: 'gradcam++',
  needsGradients: true,
  weights: (inputs) => {
    const { b, activations, shape } = inputs;
    const g = compactGradients(inputs);
    const g2 = b.op('Mul', [g, g]);
    const g3 = b.op('Mul', [g2, g]);
    const sumA = b.reduceSum(activations, [2, 3], true);
    const denominator = b.op('Add', [b.op('Add', [b.op('Mul', [g2, b.floats(2)]), b.op('Mul', [sumA, g3])]), b.floats(1e-6)]);
    // Where g = 0 the paper's α is 0/0; pytorch-grad-cam sets it to 0.
    const alpha = b.op('Where', [b.op('Equal', [g, b.floats(0)]), b.floats(0), b.op('Div', [g2, denominator])]);
    // Σ_ij as h·w times the mean: g may be the pooled gradient [N,C,1,1], constant over positions.
    const mean = b.reduce('ReduceMean', b.op('Mul', [b.op('Relu', [g]), alpha]), [2, 3], true);
    return b.op('Mul', [mean, b.floats(shape[2]! * shape[3]!)]);
  },
};
