/**
 * Score-CAM (Wang et al., CVPR-W 2020, eqs. 5–8): per sample and input, for each channel k of the
 * target layer, M_k = the activation map A_k upsampled to the input size and min-max normalised to
 * [0, 1]; s_k = the target score of the model on the input multiplied by M_k (the other inputs
 * unchanged) — the logit, or the probability for a model that outputs probabilities; the channel
 * weights are softmax_k(s_k). One forward pass of the whole model per channel.
 */
import type { Batched, ForwardCamMethod, FirstRun, Pass, PassRows } from './forward-method';
import { weightsInput } from './forward-method';

/**
 * Bilinear upsampling of one h×w map to H×W with half-pixel centres (as torch's
 * interpolate(align_corners=False) and onnx Resize 'half_pixel'), in float64.
 */
export function upsample(map: ArrayLike<number>, h: number, w: number, height: number, width: number): Float64Array {
  const taps = (size: number, out: number): { i0: Int32Array; i1: Int32Array; t: Float64Array } => {
    const i0 = new Int32Array(out);
    const i1 = new Int32Array(out);
    const t = new Float64Array(out);
    for (let o = 0; o < out; o++) {
      const src = Math.max(((o + 0.5) * size) / out - 0.5, 0);
      i0[o] = Math.min(Math.floor(src), size - 1);
      i1[o] = Math.min(i0[o]! + 1, size - 1);
      t[o] = src - i0[o]!;
    }
    return { i0, i1, t };
  };
  const ys = taps(h, height);
  const xs = taps(w, width);
  const out = new Float64Array(height * width);
  for (let y = 0; y < height; y++) {
    const r0 = ys.i0[y]! * w;
    const r1 = ys.i1[y]! * w;
    const ty = ys.t[y]!;
    for (let x = 0; x < width; x++) {
      const c0 = xs.i0[x]!;
      const c1 = xs.i1[x]!;
      const tx = xs.t[x]!;
      const top = (1 - tx) * map[r0 + c0]! + tx * map[r0 + c1]!;
      const bottom = (1 - tx) * map[r1 + c0]! + tx * map[r1 + c1]!;
      out[y * width + x] = (1 - ty) * top + ty * bottom;
    }
  }
  return out;
}

/**
 * The mask M_k: A_k upsampled, then min-max normalised to [0, 1]; all zeros when A_k is constant.
 * Constancy is tested on A_k itself, where it is exact: resizing a constant map can leave rounding
 * noise that normalisation would blow up to [0, 1].
 */
export function channelMask(map: ArrayLike<number>, h: number, w: number, height: number, width: number): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < h * w; i++) {
    lo = Math.min(lo, map[i]!);
    hi = Math.max(hi, map[i]!);
  }
  if (!(hi > lo)) return new Float64Array(height * width);
  const up = upsample(map, h, w, height, width);
  let upLo = Infinity;
  let upHi = -Infinity;
  for (const v of up) {
    upLo = Math.min(upLo, v);
    upHi = Math.max(upHi, v);
  }
  for (let i = 0; i < up.length; i++) up[i] = (up[i]! - upLo) / (upHi - upLo);
  return up;
}

const rowSize = (t: Batched): number => t.dims.slice(1).reduce((a, c) => a * c, 1);

/** Rows of the whole model: every input's sample, the pass's input multiplied by the channel's mask. */
function maskedInputs(first: FirstRun): PassRows {
  const names = Object.keys(first.inputs);
  return {
    feeds: names.map((name) => ({ name, rowDims: first.inputs[name]!.dims.slice(1) })),
    fill(p: Pass, row: number, buffers: Float32Array[]): void {
      names.forEach((name, j) => {
        const x = first.inputs[name]!;
        const size = rowSize(x);
        const sample = x.data.subarray(p.sample * size, (p.sample + 1) * size);
        const out = buffers[j]!.subarray(row * size, (row + 1) * size);
        if (name !== p.input) return out.set(sample);
        const a = first.activations[name]!;
        const [, h = 0, w = 0] = a.dims.slice(1);
        const [, height = 0, width = 0] = x.dims.slice(1);
        const start = p.sample * rowSize(a) + p.channel * h * w;
        const mask = channelMask(a.data.subarray(start, start + h * w), h, w, height, width);
        for (let c = 0; c < size; c += mask.length) for (let i = 0; i < mask.length; i++) out[c + i] = sample[c + i]! * mask[i]!;
      });
    },
  };
}

/** softmax over the channels, in float64. */
function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  const e = scores.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, c) => a + c, 0);
  return e.map((v) => v / sum);
}

export const scoreCam: ForwardCamMethod = {
  name: 'scorecam',
  needsGradients: false,
  weights: ({ activations }) => weightsInput(activations),
  forward: {
    graph: 'model',
    defaultBatchSize: 32,
    rows: (first) => maskedInputs(first),
    channelWeights: (scores) => softmax(scores),
  },
};
