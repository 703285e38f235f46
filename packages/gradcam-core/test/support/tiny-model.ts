/** A small classifier built in memory: image [N,1,8,8] -> Conv -> <activation> = features -> GlobalAveragePool -> Flatten -> Gemm -> logits [N,K]. */
import type { ModelConfig } from '../../src/model/config';
import type { LoadedModel } from '../../src/model/load';
import { attr } from '../../src/onnx/attributes';
import { GraphBuilder } from '../../src/onnx/builder';
import type { OnnxModel } from '../../src/onnx/ir';
import { floatTensor } from '../../src/onnx/tensor';

export interface TinyOptions {
  activation?: string;
  /** Values per row of the output (default 3). */
  outputs?: number;
  /** The last layer's bias, one value per output (default none). */
  bias?: number[];
  config?: Partial<ModelConfig>;
}

export function tinyClassifier({ activation = 'Relu', outputs = 3, bias, config = {} }: TinyOptions = {}): LoadedModel & { features: string } {
  const onnx: OnnxModel = {
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    extra: [],
    graph: { name: 'tiny', nodes: [], initializers: [], inputs: [{ name: 'image', elemType: 1, shape: ['N', 1, 8, 8], extra: [] }], outputs: [], valueInfo: [], extra: [] },
  };
  const b = new GraphBuilder(onnx.graph, 17, 'm/');
  const w = floatTensor('w', [4, 1, 3, 3], Array.from({ length: 36 }, (_, i) => Math.sin(i)));
  const fc = floatTensor('fc', [outputs, 4], Array.from({ length: 4 * outputs }, (_, i) => Math.cos(i)));
  onnx.graph.initializers.push(w, fc);
  const conv = b.op('Conv', ['image', 'w'], [attr.ints('pads', [1, 1, 1, 1])]);
  const features = b.op(activation, [conv]);
  const pooled = b.op('Flatten', [b.op('GlobalAveragePool', [features])]);
  const logits = b.alias(b.op('Gemm', bias ? [pooled, 'fc', b.floats(bias)] : [pooled, 'fc'], [attr.int('transB', 1)]), 'logits');
  onnx.graph.outputs.push({ name: logits, elemType: 1, shape: ['N', outputs], extra: [] });
  return {
    path: 'tiny.onnx',
    name: 'tiny',
    sha256: `${activation}-${outputs}-${bias?.join(',')}-${JSON.stringify(config)}`,
    bytes: new Uint8Array(0),
    onnx,
    config: {
      inputs: [{ name: 'image', channels: 1, height: 8, width: 8, scale: 1, mean: [0], std: [1] }],
      output: 'logits',
      outputKind: 'logits',
      classes: Array.from({ length: outputs }, (_, k) => `class ${k}`),
      task: 'multiclass',
      targetLayers: { image: conv },
      layerHints: {},
      ...config,
    },
    inferred: [],
    features,
  };
}
