/**
 * LayerCAM (Jiang et al., 2021): L[i,j] = Σ_c ReLU(∂y/∂A_c[i,j]) · A_c[i,j], each position
 * weighted by its own positive gradient.
 */
import { compactGradients, type CamMethod } from './method';

export const layerCam: CamMethod = {
  name: 'layercam',
  needsGradients: true,
  weights: (inputs) => inputs.b.op('Relu', [compactGradients(inputs)]),
};
