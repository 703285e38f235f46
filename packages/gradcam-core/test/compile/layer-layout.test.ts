import * as ort from 'onnxruntime-node';
import { branchGrids, channelPositions, featureMapShape, type LayerLayout, LayoutError, mapLayout, tokenLayout, toFeatureMap } from '../../src/compile/layer-layout';
import { GraphBuilder } from '../../src/onnx/builder';
import type { OnnxModel } from '../../src/onnx/ir';
import { encodeModel } from '../../src/onnx/proto';

describe('the grids of a branch', () => {
  test('each grid seen, and halved as patch merging and strided subsampling do', () => {
    const grids = branchGrids([[14, 14]]).map((g) => g.join('x'));
    expect(grids).toEqual(['14x14', '7x7', '4x4', '3x3', '2x2']);
  });

  test('a 4-D tensor is channels-last only when its axes 1-2 alone form a grid', () => {
    const grids = branchGrids([[56, 56]]);
    expect(mapLayout([2, 28, 28, 192], grids, 'LayerNormalization')).toEqual({ kind: 'nhwc', grid: [28, 28] });
    expect(mapLayout([2, 192, 28, 28], grids, 'Add')).toEqual({ kind: 'nchw', grid: [28, 28] });
    // Both readings possible: channels first, as a convolution would give it.
    expect(mapLayout([2, 28, 28, 28], grids, 'Mul')).toEqual({ kind: 'nchw', grid: [28, 28] });
    // A convolution's output is [N,C,h,w] whatever its sizes.
    expect(mapLayout([2, 7, 7, 49], grids, 'Conv')).toEqual({ kind: 'nchw', grid: [7, 49] });
    // Attention's [N, heads, T, d] is on no grid: no feature map.
    expect(mapLayout([2, 3, 197, 64], grids, 'Transpose')).toBeUndefined();
  });
});

describe('a token tensor [N,T,C]', () => {
  const grids = branchGrids([[14, 14]]);

  test('T = P prefix tokens + a grid of the branch', () => {
    expect(tokenLayout('cls', [2, 197, 64], grids)).toEqual({ kind: 'tokens', grid: [14, 14], prefixTokens: 1 });
    expect(tokenLayout('distilled', [2, 198, 64], grids)).toEqual({ kind: 'tokens', grid: [14, 14], prefixTokens: 2 });
    expect(tokenLayout('subsampled', [2, 49, 64], grids)).toEqual({ kind: 'tokens', grid: [7, 7], prefixTokens: 0 });
    // 16 tokens: a 4x4 grid rather than 3x3 with 7 prefix tokens.
    expect(tokenLayout('subsampled', [2, 16, 64], grids)).toEqual({ kind: 'tokens', grid: [4, 4], prefixTokens: 0 });
  });

  test('no split or several: an error with T, C, the grids found and the keys that settle it', () => {
    expect(() => tokenLayout('t', [2, 150, 32], grids)).toThrow(LayoutError);
    expect(() => tokenLayout('t', [2, 150, 32], grids)).toThrow(
      /token tensor 't' \[N,T,C\] with T=150, C=32: T is not a patch grid of this input plus at most 8 prefix tokens \(grids on its branch: 14×14, 7×7, 4×4, 3×3, 2×2\); state it in gradcam.json as "targetLayers": \{"<input>": \{"tensor": "t", "grid": \[h, w\], "prefixTokens": P\}\}/,
    );
    // A non-square input: 16 tokens are a 4x4 or an 8x2 grid.
    expect(() => tokenLayout('t', [2, 16, 32], branchGrids([[8, 2], [4, 4]]))).toThrow(/its grid is ambiguous \(8×2 \+ 0 prefix, 4×4 \+ 0 prefix\)/);
  });

  test('a stated grid settles it, and is checked against T', () => {
    expect(tokenLayout('t', [2, 16, 32], grids, { grid: [2, 2] })).toEqual({ kind: 'tokens', grid: [2, 2], prefixTokens: 12 });
    expect(tokenLayout('t', [2, 16, 32], grids, { prefixTokens: 7 })).toEqual({ kind: 'tokens', grid: [3, 3], prefixTokens: 7 });
    expect(tokenLayout('t', [2, 150, 32], grids, { grid: [7, 21], prefixTokens: 3 })).toEqual({ kind: 'tokens', grid: [7, 21], prefixTokens: 3 });
    expect(() => tokenLayout('t', [2, 150, 32], grids, { grid: [12, 12], prefixTokens: 1 })).toThrow(/T=150 tokens, which is not 1 prefix tokens \+ the stated grid 12×12/);
  });
});

/** Runs toFeatureMap on a [2, ...] tensor of distinct values. */
async function featureMap(shape: number[], layout: LayerLayout): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const onnx: OnnxModel = {
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    extra: [],
    graph: { name: 't', nodes: [], initializers: [], inputs: [{ name: 'x', elemType: 1, shape: ['N', ...shape.slice(1)], extra: [] }], outputs: [], valueInfo: [], extra: [] },
  };
  const b = new GraphBuilder(onnx.graph, 17);
  b.output(b.alias(toFeatureMap(b, 'x', layout), 'map'));
  const session = await ort.InferenceSession.create(encodeModel(onnx));
  try {
    const size = shape.reduce((a, c) => a * c, 1);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from({ length: size }, (_, i) => i), shape) });
    return { data: out.map!.data as Float32Array, dims: out.map!.dims };
  } finally {
    await session.release();
  }
}

describe('reading a target tensor as [N,C,h,w], as reshape_transform does', () => {
  test('tokens: the prefix dropped, the patches row-major on the grid, channels first', async () => {
    const [N, P, h, w, C] = [2, 2, 2, 3, 4];
    const layout: LayerLayout = { kind: 'tokens', grid: [h, w], prefixTokens: P };
    const out = await featureMap([N, P + h * w, C], layout);
    expect(out.dims).toEqual(featureMapShape([N, P + h * w, C], layout));
    const T = P + h * w;
    for (let n = 0; n < N; n++)
      for (let c = 0; c < C; c++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) expect(out.data[((n * C + c) * h + y) * w + x]).toBe((n * T + P + y * w + x) * C + c);
  });

  test('channels-last: transposed', async () => {
    const out = await featureMap([2, 3, 2, 5], { kind: 'nhwc', grid: [3, 2] });
    expect(out.dims).toEqual([2, 5, 3, 2]);
    expect(out.data[((1 * 5 + 4) * 3 + 2) * 2 + 1]).toBe(((1 * 3 + 2) * 2 + 1) * 5 + 4);
  });

  test('where channel k lies in a row, for ablating it', () => {
    expect(channelPositions([4, 3, 3], { kind: 'nchw', grid: [3, 3] }, 2)).toEqual({ start: 18, stride: 1, count: 9 });
    expect(channelPositions([5, 8], { kind: 'tokens', grid: [2, 2], prefixTokens: 1 }, 3)).toEqual({ start: 3, stride: 8, count: 5 });
    expect(channelPositions([3, 3, 6], { kind: 'nhwc', grid: [3, 3] }, 5)).toEqual({ start: 5, stride: 6, count: 9 });
  });
});
