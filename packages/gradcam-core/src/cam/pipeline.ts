/**
 * What every CAM method shares once it has its weights (or its own map), per sample (nothing
 * crosses the batch axis), as pytorch-grad-cam's BaseCAM computes it: ReLU(Σ_c w_c·A_c); min-max
 * normalise; bilinear resize to the input size (half-pixel centres, as cv2.resize); normalise
 * again.
 */
import { attr } from '../onnx/attributes';
import type { GraphBuilder } from '../onnx/builder';
import type { CamInputs, CamMethod } from './method';

export interface CamMaps {
  /** Normalised map [N,1,H,W] at the input's size (the channel axis is kept: squeezing would copy). */
  cam: string;
  /** Min and max [N] of the map after ReLU, before normalisation. */
  rawMin: string;
  rawMax: string;
}

/** (x − min) / (1e-7 + max(x − min)) over the spatial axes of [N,1,h,w]. */
function minMaxNormalise(b: GraphBuilder, x: string): string {
  const shifted = b.op('Sub', [x, b.reduce('ReduceMin', x, [2, 3], true)]);
  return b.op('Div', [shifted, b.op('Add', [b.reduce('ReduceMax', shifted, [2, 3], true), b.floats(1e-7)])]);
}

/** The method's map before ReLU [N,1,h,w]: Σ_c w_c·A_c, or the method's own. */
function methodMap(method: CamMethod, inputs: CamInputs): string {
  if ('rawMap' in method) return method.rawMap(inputs);
  const { b, activations } = inputs;
  return b.reduceSum(b.op('Mul', [method.weights(inputs), activations]), [1], true);
}

export function camMaps(method: CamMethod, inputs: CamInputs, height: number, width: number): CamMaps {
  const { b } = inputs;
  const raw = b.op('Relu', [methodMap(method, inputs)]); // [N,1,h,w]
  const sizes = b.op('Concat', [b.shape(raw, 0, 2), b.ints([height, width])], [attr.int('axis', 0)]);
  // roi and scales are optional from opset 13; before, they must be given (empty).
  const none = b.opset >= 13 ? '' : b.floats([], [0]);
  const resized = b.op('Resize', [minMaxNormalise(b, raw), none, none, sizes], [
    attr.string('mode', 'linear'),
    attr.string('coordinate_transformation_mode', 'half_pixel'),
  ]);
  return {
    cam: minMaxNormalise(b, resized),
    rawMin: b.reduce('ReduceMin', raw, [1, 2, 3], false),
    rawMax: b.reduce('ReduceMax', raw, [1, 2, 3], false),
  };
}
