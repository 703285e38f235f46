/**
 * A CAM method computes per-channel weights for a target layer's activations; the shared
 * pipeline (cam/pipeline.ts) does the rest, as pytorch-grad-cam's BaseCAM does.
 */
import type { GraphBuilder } from '../onnx/builder';

export interface CamInputs {
  b: GraphBuilder;
  /** Activations A [N,C,h,w]. */
  activations: string;
  /** dScore/dA [N,C,h,w]; present when the method needs gradients. */
  gradients?: string;
}

export interface CamMethod {
  readonly name: string;
  readonly needsGradients: boolean;
  /** Channel weights [N,C,1,1] (or a per-pixel weighting [N,C,h,w]) multiplied into A. */
  weights(inputs: CamInputs): string;
}
