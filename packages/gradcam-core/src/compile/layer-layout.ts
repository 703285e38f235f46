/**
 * How a target tensor is read as a feature map [N,C,h,w]. CNNs give one directly; vision
 * transformers give token tensors [N, P + h·w, C] (P prefix tokens: class, distillation,
 * register) and channels-last blocks (Swin, ConvNeXt-style) give [N,h,w,C]. The compiled graph
 * turns those into [N,C,h,w] — drop the prefix tokens, reshape, transpose — as pytorch-grad-cam's
 * `reshape_transform` does, so every CAM method reads the same feature map.
 *
 * A token tensor does not say its grid: it is inferred from the grids of the input's branch (the
 * [N,C,h,w] outputs of its convolutions and poolings, e.g. the patch embedding, and those grids
 * halved as patch merging and subsampling do) or stated in gradcam.json.
 */
import { attr } from '../onnx/attributes';
import type { GraphBuilder } from '../onnx/builder';

export type Grid = readonly [height: number, width: number];

export type LayerLayout =
  | { readonly kind: 'nchw'; readonly grid: Grid }
  | { readonly kind: 'nhwc'; readonly grid: Grid }
  | { readonly kind: 'tokens'; readonly grid: Grid; readonly prefixTokens: number };

/** What gradcam.json may state about a target layer whose grid cannot be inferred. */
export interface LayoutHint {
  grid?: Grid;
  prefixTokens?: number;
}

/** Class, distillation and register tokens: more than this many is not a prefix. */
export const MAX_PREFIX_TOKENS = 8;

/** Ops whose 4-D outputs are [N,C,h,w] by the ONNX spec. */
const CHANNELS_FIRST_OPS = new Set(['Conv', 'ConvTranspose', 'MaxPool', 'AveragePool', 'LpPool']);

export const isChannelsFirstOp = (opType: string): boolean => CHANNELS_FIRST_OPS.has(opType);

const gridKey = ([h, w]: Grid): string => `${h}x${w}`;

/**
 * Every grid a feature map of the branch may have: the given ones, and each divided by 2, 4, …, 32
 * with ceiling and floor (patch merging, strided subsampling), of more than one position.
 */
export function branchGrids(seen: Iterable<Grid>): Grid[] {
  const grids = new Map<string, Grid>();
  const add = (g: Grid): void => {
    if (g[0] * g[1] > 1 && !grids.has(gridKey(g))) grids.set(gridKey(g), g);
  };
  for (const [h, w] of seen) {
    add([h, w]);
    for (let s = 2; s <= 32; s *= 2) {
      add([Math.ceil(h / s), Math.ceil(w / s)]);
      add([Math.floor(h / s), Math.floor(w / s)]);
    }
  }
  return [...grids.values()];
}

const hasGrid = (grids: readonly Grid[], h: number, w: number): boolean => grids.some((g) => g[0] === h && g[1] === w);

/**
 * A 4-D tensor's layout as a candidate: channels-first where its axes 2-3 are a grid of the branch
 * (or a convolution made it), channels-last where only its axes 1-2 are; neither (attention's
 * [N, heads, T, d]) is no feature map.
 */
export function mapLayout(shape: readonly number[], grids: readonly Grid[], producer: string): LayerLayout | undefined {
  const [, a = 0, h = 0, w = 0] = shape;
  if (h * w > 1 && (isChannelsFirstOp(producer) || hasGrid(grids, h, w))) return { kind: 'nchw', grid: [h, w] };
  if (hasGrid(grids, a, h)) return { kind: 'nhwc', grid: [a, h] };
  return undefined;
}

/**
 * The ways a token count T splits into P prefix tokens and a grid of the branch, fewest prefix
 * tokens first: a subsampled 4×4 grid (16 tokens) is not 3×3 with 7 prefix tokens.
 */
export function tokenSplits(tokens: number, grids: readonly Grid[]): { grid: Grid; prefixTokens: number }[] {
  return grids
    .filter(([h, w]) => tokens - h * w >= 0 && tokens - h * w <= MAX_PREFIX_TOKENS)
    .map((grid) => ({ grid, prefixTokens: tokens - grid[0] * grid[1] }))
    .sort((a, b) => a.prefixTokens - b.prefixTokens);
}

/** The split of T to use: the one with fewest prefix tokens, unless another grid has as few. */
export function tokenSplit(tokens: number, grids: readonly Grid[], prefixTokens?: number): { grid: Grid; prefixTokens: number } | undefined {
  const splits = tokenSplits(tokens, grids).filter((s) => prefixTokens === undefined || s.prefixTokens === prefixTokens);
  return splits.length === 1 || (splits.length > 1 && splits[1]!.prefixTokens > splits[0]!.prefixTokens) ? splits[0] : undefined;
}

export class LayoutError extends Error {
  override name = 'LayoutError';
}

/**
 * The layout of a token tensor [N,T,C]: the hint's, checked, or the one split of T the branch's
 * grids allow. None or several: a LayoutError saying what was found and which keys settle it.
 */
export function tokenLayout(tensor: string, shape: readonly number[], grids: readonly Grid[], hint: LayoutHint = {}, where = 'gradcam.json'): LayerLayout {
  const [, tokens = 0, channels = 0] = shape;
  const settle = `state it in ${where} as "targetLayers": {"<input>": {"tensor": "${tensor}", "grid": [h, w], "prefixTokens": P}}`;
  if (hint.grid) {
    const prefixTokens = hint.prefixTokens ?? tokens - hint.grid[0] * hint.grid[1];
    if (prefixTokens < 0 || prefixTokens + hint.grid[0] * hint.grid[1] !== tokens)
      throw new LayoutError(`token tensor '${tensor}' has T=${tokens} tokens, which is not ${hint.prefixTokens ?? 'P'} prefix tokens + the stated grid ${hint.grid.join('×')}`);
    return { kind: 'tokens', grid: hint.grid, prefixTokens };
  }
  const split = tokenSplit(tokens, grids, hint.prefixTokens);
  if (split) return { kind: 'tokens', ...split };
  const splits = tokenSplits(tokens, grids).filter((s) => hint.prefixTokens === undefined || s.prefixTokens === hint.prefixTokens);
  const found = `token tensor '${tensor}' [N,T,C] with T=${tokens}, C=${channels}`;
  const known = grids.map((g) => g.join('×')).join(', ') || 'none';
  if (splits.length === 0) throw new LayoutError(`${found}: T is not a patch grid of this input plus at most ${MAX_PREFIX_TOKENS} prefix tokens (grids on its branch: ${known}); ${settle}`);
  const options = splits.map((s) => `${s.grid.join('×')} + ${s.prefixTokens} prefix`).join(', ');
  throw new LayoutError(`${found}: its grid is ambiguous (${options}); ${settle}`);
}

/** The feature map's shape [N,C,h,w] for a tensor of `shape` read with `layout`. */
export function featureMapShape(shape: readonly number[], layout: LayerLayout): number[] {
  const channels = layout.kind === 'nchw' ? shape[1]! : shape[shape.length - 1]!;
  return [shape[0]!, channels, ...layout.grid];
}

/** Emits the nodes reading `value` as [N,C,h,w]; a channels-first value is returned as it is. */
export function toFeatureMap(b: GraphBuilder, value: string, layout: LayerLayout): string {
  if (layout.kind === 'nchw') return value;
  const toChannelsFirst = (nhwc: string): string => b.op('Transpose', [nhwc], [attr.ints('perm', [0, 3, 1, 2])]);
  if (layout.kind === 'nhwc') return toChannelsFirst(value);
  const [h, w] = layout.grid;
  const patches = layout.prefixTokens === 0 ? value : b.op('Slice', [value, b.ints([layout.prefixTokens]), b.ints([layout.prefixTokens + h * w]), b.ints([1])]);
  return toChannelsFirst(b.op('Reshape', [patches, b.ints([0, h, w, -1])]));
}

/** Where channel `channel` lies in one row of a target tensor of `rowDims` (no batch axis): start, stride, count. */
export function channelPositions(rowDims: readonly number[], layout: LayerLayout, channel: number): { start: number; stride: number; count: number } {
  const size = rowDims.reduce((a, c) => a * c, 1);
  if (layout.kind === 'nchw') {
    const plane = size / rowDims[0]!;
    return { start: channel * plane, stride: 1, count: plane };
  }
  const channels = rowDims[rowDims.length - 1]!;
  return { start: channel, stride: channels, count: size / channels };
}

export function describeLayout(layout: LayerLayout): string {
  const grid = layout.grid.join('×');
  if (layout.kind === 'nchw') return `[N,C,h,w] map ${grid}`;
  if (layout.kind === 'nhwc') return `channels-last [N,h,w,C] map ${grid}`;
  return `tokens: ${layout.prefixTokens} prefix + ${grid} patch grid`;
}
