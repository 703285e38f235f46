/** Every VJP rule, one per op type. The registry builds its table from this module's exports. */
export { addGrad } from './Add';
export { concatGrad } from './Concat';
export { convGrad } from './Conv';
export { dropoutGrad } from './Dropout';
export { flattenGrad } from './Flatten';
export { gemmGrad } from './Gemm';
export { globalAveragePoolGrad } from './GlobalAveragePool';
export { identityGrad } from './Identity';
export { mulGrad } from './Mul';
export { reluGrad } from './Relu';
export { reshapeGrad } from './Reshape';
export { squeezeGrad } from './Squeeze';
export { unsqueezeGrad } from './Unsqueeze';
