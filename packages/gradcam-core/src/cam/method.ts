/**
 * A CAM method turns a target layer's activations (and, for gradient methods, dScore/dA) into a
 * map; the shared pipeline (cam/pipeline.ts) does the rest, as pytorch-grad-cam's BaseCAM does.
 * Most methods only weight A's channels; a few define the map themselves.
 */
import type { GraphBuilder } from '../onnx/builder';

export interface CamInputs {
  b: GraphBuilder;
  /** Activations A [N,C,h,w]. */
  activations: string;
  /** A's shape [N,C,h,w] from the probe: C, h and w hold for every batch size, N does not. */
  shape: readonly number[];
  /** dScore/dA [N,C,h,w]; present when the method needs gradients. */
  gradients?: string;
}

interface CamMethodBase {
  readonly name: string;
  readonly needsGradients: boolean;
}

/** The map is Σ_c w_c·A_c: the method gives the weights. */
export interface WeightingCamMethod extends CamMethodBase {
  /** Channel weights [N,C,1,1] (or a per-pixel weighting [N,C,h,w]) multiplied into A. */
  weights(inputs: CamInputs): string;
}

/** The map is not a weighting of A's channels: the method gives it, [N,1,h,w], before ReLU. */
export interface MapCamMethod extends CamMethodBase {
  rawMap(inputs: CamInputs): string;
}

export type CamMethod = WeightingCamMethod | MapCamMethod;

/**
 * dScore/dA as compactly as the graph knows it. Behind global average pooling the gradient is the
 * pooled gradient [N,C,1,1] broadcast over positions: element-wise formulas and means may read
 * that instead, as broadcasting restores the same values; a sum over positions may not (it would
 * lose the factor h·w).
 */
export function compactGradients({ b, gradients }: CamInputs): string {
  if (gradients === undefined) throw new Error('this CAM method needs the gradients at the target layer');
  return b.broadcastSource(gradients) ?? gradients;
}
