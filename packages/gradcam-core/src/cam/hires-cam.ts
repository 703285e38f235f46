/**
 * HiResCAM (Draelos & Carin, 2020): L[i,j] = Σ_c ∂y/∂A_c[i,j] · A_c[i,j], the gradient multiplied
 * into the activations position by position instead of being averaged first. Where the target
 * layer feeds global average pooling the gradient is constant over positions and HiResCAM is
 * Grad-CAM.
 */
import { compactGradients, type CamMethod } from './method';

export const hiResCam: CamMethod = {
  name: 'hirescam',
  needsGradients: true,
  weights: (inputs) => compactGradients(inputs),
};
