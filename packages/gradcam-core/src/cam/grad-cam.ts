/**
 * Grad-CAM (Selvaraju et al., 2017, eq. 1): α_c = (1/Z) Σ_ij ∂y/∂A_c[i,j],
 * the gradient of the class score averaged over the map, per sample and channel.
 */
import type { CamMethod } from './method';

export const gradCam: CamMethod = {
  name: 'gradcam',
  needsGradients: true,
  // Behind global average pooling the gradient is a broadcast: its mean is the pooled gradient.
  weights: ({ b, gradients }) => b.reduce('ReduceMean', b.broadcastSource(gradients!) ?? gradients!, [2, 3], true),
};
