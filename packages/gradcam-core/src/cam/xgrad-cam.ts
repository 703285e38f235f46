/**
 * XGrad-CAM (Fu et al., 2020): w_c = Σ_ij (A_c[i,j] / Σ_ab A_c[a,b]) · ∂y/∂A_c[i,j], the gradient
 * averaged with the activations as weights, per sample and channel (pytorch-grad-cam adds 1e-7
 * to the denominator).
 */
import { compactGradients, type CamMethod } from './method';

export const xGradCam: CamMethod = {
  name: 'xgradcam',
  needsGradients: true,
  weights: (inputs) => {
    const { b, activations } = inputs;
    const sumGA = b.reduceSum(b.op('Mul', [compactGradients(inputs), activations]), [2, 3], true);
    const sumA = b.reduceSum(activations, [2, 3], true);
    return b.op('Div', [sumGA, b.op('Add', [sumA, b.floats(1e-7)])]);
  },
};
