/**
 * CAM methods whose channel weights come from further forward passes instead of gradients:
 * Score-CAM (one pass of the model per channel, on a masked input) and Ablation-CAM (one pass of
 * the head per channel, with that channel zeroed). The compiled graph only computes what the
 * passes start from — scores, target activations, and the values the head reads besides them;
 * runner.ts runs the passes in batches, and the weights go through the shared map pipeline
 * (cam/pipeline.ts) in a small graph of their own (maps-graph.ts).
 */
import type { LayerLayout } from '../../compile/layer-layout';
import type { WeightingCamMethod } from '../method';

/** One pass: a sample, one of its inputs (branches) and one channel of that input's target layer. */
export interface Pass {
  sample: number;
  input: string;
  channel: number;
}

/** One float32 tensor, [N,...]. */
export interface Batched {
  data: Float32Array;
  dims: readonly number[];
}

/** What the passes start from: the first run's values, per sample. */
export interface FirstRun {
  /** Model inputs by name, [N,C,H,W]. */
  inputs: Readonly<Record<string, Batched>>;
  /** Target-layer activations by input name, read as feature maps [N,C,h,w]. */
  activations: Readonly<Record<string, Batched>>;
  /** Target tensors by input name as the model holds them (tokens, channels-last or [N,C,h,w]), with their layouts. */
  layerValues: Readonly<Record<string, Batched>>;
  layouts: Readonly<Record<string, LayerLayout>>;
  /** Values computed before the target layers that the head reads, by value name. */
  boundary: Readonly<Record<string, Batched>>;
}

/** How passes are laid out as rows of a batch for the graph that runs them. */
export interface PassRows {
  /** The graph's float inputs with the shape of one row (no batch axis), in `fill`'s order. */
  feeds: { name: string; rowDims: number[] }[];
  /** Writes pass `p` as row `row` of the feed buffers. */
  fill(p: Pass, row: number, buffers: Float32Array[]): void;
}

export interface ForwardCamMethod extends WeightingCamMethod {
  readonly forward: {
    /** The graph each pass runs: the whole model, or the head after the target layers. */
    readonly graph: 'model' | 'head';
    readonly defaultBatchSize: number;
    /** The passes' rows for this method. `layers` maps input names to target-layer tensors. */
    rows(first: FirstRun, layers: Readonly<Record<string, string>>): PassRows;
    /**
     * Channel weights [C] of one sample and input, from the target score of each channel's pass
     * and the target score `y` of the unmodified sample.
     */
    channelWeights(scores: Float64Array, y: number): Float64Array;
  };
}

export interface ForwardCamOptions {
  /** Passes per onnxruntime run (default: the method's, 32 for Score-CAM and 64 for Ablation-CAM). */
  batchSize?: number;
  /** Called at the start of a run and after each batch of passes, with the passes done and their total. */
  onProgress?: (done: number, total: number) => void;
}

export function isForwardMethod(method: object): method is ForwardCamMethod {
  return 'forward' in method;
}

/**
 * The map graph's input carrying the channel weights [N,C,1,1] for the activations `activations`:
 * the forward methods' `weights` name it, as the weights are computed outside any graph.
 */
export const weightsInput = (activations: string): string => `${activations}/weights`;

/** The compiled graph's output carrying a value the head reads besides the target activations. */
export const boundaryOutput = (value: string): string => `gradcam/boundary/${value}`;
