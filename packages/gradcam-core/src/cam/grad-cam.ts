/**
 * Grad-CAM (Selvaraju et al., 2017, eq. 1): α_c = (1/Z) Σ_ij ∂y/∂A_c[i,j],
 * the gradient of the class score averaged over the map, per sample and channel.
 */
import { compactGradients, type CamMethod } from './method';

export const gradCam: CamMethod = {
  name: 'gradcam',
  needsGradients: true,
  // Behind global average pooling the mean of the broadcast gradient is the pooled gradient itself.
  weights: (inputs) => inputs.b.reduce('ReduceMean', compactGradients(inputs), [2, 3], true),
};
