/**
 * Ablation-CAM (Desai & Ramaswamy, WACV 2020, eq. 3): w_k = (y_c − y_c^k) / y_c, where y_c is the
 * target score of the sample and y_c^k the score with channel k of the input's target activation
 * set to zero (the other inputs' target activations untouched). One pass of the head — the graph
 * after the target layers (head-graph.ts) — per channel.
 */
import { channelPositions } from '../../compile/layer-layout';
import type { Batched, ForwardCamMethod, FirstRun, Pass, PassRows } from './forward-method';
import { weightsInput } from './forward-method';

const rowSize = (t: Batched): number => t.dims.slice(1).reduce((a, c) => a * c, 1);

/**
 * Rows of the head: the sample's target tensors, the pass's channel zeroed at every position
 * (prefix tokens included, as pytorch-grad-cam's AblationLayerVit ablates every token), and its
 * boundary values.
 */
function ablatedActivations(first: FirstRun, layers: Readonly<Record<string, string>>): PassRows {
  const inputs = Object.keys(first.layerValues);
  const boundary = Object.keys(first.boundary);
  const tensors = [...inputs.map((i) => first.layerValues[i]!), ...boundary.map((v) => first.boundary[v]!)];
  return {
    feeds: [...inputs.map((i) => layers[i]!), ...boundary].map((name, j) => ({ name, rowDims: tensors[j]!.dims.slice(1) })),
    fill(p: Pass, row: number, buffers: Float32Array[]): void {
      tensors.forEach((t, j) => {
        const size = rowSize(t);
        const out = buffers[j]!.subarray(row * size, (row + 1) * size);
        out.set(t.data.subarray(p.sample * size, (p.sample + 1) * size));
        if (inputs[j] !== p.input) return;
        const { start, stride, count } = channelPositions(t.dims.slice(1), first.layouts[p.input]!, p.channel);
        if (stride === 1) out.fill(0, start, start + count);
        else for (let k = 0, at = start; k < count; k++, at += stride) out[at] = 0;
      });
    },
  };
}

export const ablationCam: ForwardCamMethod = {
  name: 'ablationcam',
  needsGradients: false,
  weights: ({ activations }) => weightsInput(activations),
  forward: {
    graph: 'head',
    defaultBatchSize: 64,
    rows: ablatedActivations,
    channelWeights: (scores, y) => scores.map((yk) => (y - yk) / y),
  },
};
