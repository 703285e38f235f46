import { probeShapes } from '../../src/compile/probe';
import { layerTensors, resolveTargetLayers, UnknownLayerError } from '../../src/compile/targets';
import { attr } from '../../src/onnx/attributes';
import { GraphBuilder } from '../../src/onnx/builder';
import type { OnnxModel } from '../../src/onnx/ir';
import { floatTensor } from '../../src/onnx/tensor';
import * as ort from 'onnxruntime-node';

/**
 * image -> Conv (se: GAP -> Sigmoid -> Mul) -> Conv = features -> GAP -> Transpose to [N,1,1,C]
 * -> LayerNormalization -> Flatten -> Gemm: a squeeze-excitation block pools early, and the head
 * normalises a permuted [N,1,1,C] tensor (as ConvNeXt's LayerNorm2d does).
 */
function model(): { onnx: OnnxModel; features: string; gated: string } {
  const onnx: OnnxModel = {
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    extra: [],
    graph: { name: 't', nodes: [], initializers: [], inputs: [{ name: 'image', elemType: 1, shape: ['N', 1, 8, 8], extra: [] }], outputs: [], valueInfo: [], extra: [] },
  };
  const b = new GraphBuilder(onnx.graph, 17, 'm/');
  onnx.graph.initializers.push(
    floatTensor('w1', [4, 1, 3, 3], Array.from({ length: 36 }, (_, i) => Math.sin(i))),
    floatTensor('w2', [6, 4, 1, 1], Array.from({ length: 24 }, (_, i) => Math.cos(i))),
    floatTensor('fc', [3, 6], Array.from({ length: 18 }, (_, i) => Math.sin(i * 2))),
  );
  const c1 = b.op('Conv', ['image', 'w1'], [attr.ints('pads', [1, 1, 1, 1])]);
  const gated = b.op('Mul', [c1, b.op('Sigmoid', [b.op('GlobalAveragePool', [c1])])]);
  const features = b.op('Conv', [gated, 'w2']);
  const nhwc = b.op('Transpose', [b.op('GlobalAveragePool', [features])], [attr.ints('perm', [0, 2, 3, 1])]);
  const normed = b.op('LayerNormalization', [nhwc, b.floats([1, 1, 1, 1, 1, 1]), b.floats([0, 0, 0, 0, 0, 0])], [attr.int('axis', -1)]);
  const logits = b.op('Gemm', [b.op('Flatten', [normed]), 'fc'], [attr.int('transB', 1)]);
  onnx.graph.outputs.push({ name: logits, extra: [] });
  return { onnx, features, gated };
}

describe('target layers', () => {
  test('the default is the map fed to the last global pooling, not a permuted head tensor', async () => {
    const { onnx, features } = model();
    const probe = await probeShapes(onnx, { image: new ort.Tensor('float32', new Float32Array(2 * 64).fill(0.5), [2, 1, 8, 8]) });
    expect(layerTensors(resolveTargetLayers(onnx, probe, ['image'], {}))).toEqual({ image: features });
  });

  test('a named layer is kept; a misspelt one lists the nearest candidates', async () => {
    const { onnx, gated } = model();
    const probe = await probeShapes(onnx, { image: new ort.Tensor('float32', new Float32Array(2 * 64).fill(0.5), [2, 1, 8, 8]) });
    expect(layerTensors(resolveTargetLayers(onnx, probe, ['image'], { image: gated }))).toEqual({ image: gated });
    expect(() => resolveTargetLayers(onnx, probe, ['image'], { image: gated + 'x' })).toThrow(UnknownLayerError);
    expect(() => resolveTargetLayers(onnx, probe, ['image'], { image: gated + 'x' })).toThrow(new RegExp(`nearest candidates for 'image': ${gated.replace('/', '\\/')}`));
    expect(() => resolveTargetLayers(onnx, probe, ['image'], { photo: gated })).toThrow(/'photo', which is not an input/);
  });
});
