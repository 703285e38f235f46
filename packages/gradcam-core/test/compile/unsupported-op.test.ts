import { UnsupportedOpError } from '../../src/autodiff/rule';
import { compileCam } from '../../src/compile/compiler';
import type { LoadedModel } from '../../src/model/load';
import { attr } from '../../src/onnx/attributes';
import { GraphBuilder } from '../../src/onnx/builder';
import type { OnnxModel } from '../../src/onnx/ir';
import { floatTensor } from '../../src/onnx/tensor';

/** image -> Conv -> <op> -> GlobalAveragePool -> Flatten -> Gemm -> logits */
function tinyClassifier(activation: string): LoadedModel {
  const onnx: OnnxModel = {
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    extra: [],
    graph: { name: 'tiny', nodes: [], initializers: [], inputs: [{ name: 'image', elemType: 1, shape: ['N', 1, 8, 8], extra: [] }], outputs: [], valueInfo: [], extra: [] },
  };
  const b = new GraphBuilder(onnx.graph, 17, 'm/');
  const w = floatTensor('w', [4, 1, 3, 3], Array.from({ length: 36 }, (_, i) => Math.sin(i)));
  const fc = floatTensor('fc', [3, 4], Array.from({ length: 12 }, (_, i) => Math.cos(i)));
  onnx.graph.initializers.push(w, fc);
  const conv = b.op('Conv', ['image', 'w'], [attr.ints('pads', [1, 1, 1, 1])]);
  const act = b.op(activation, [conv]);
  const pooled = b.op('Flatten', [b.op('GlobalAveragePool', [act])]);
  const logits = b.alias(b.op('Gemm', [pooled, 'fc'], [attr.int('transB', 1)]), 'logits');
  onnx.graph.outputs.push({ name: logits, elemType: 1, extra: [] });
  return {
    path: 'tiny.onnx',
    name: 'tiny',
    sha256: activation,
    bytes: new Uint8Array(0),
    onnx,
    config: { inputs: [{ name: 'image', channels: 1, height: 8, width: 8, scale: 1, mean: [0], std: [1] }], output: 'logits', outputKind: 'logits', classes: ['a', 'b', 'c'], targetLayers: { image: conv } },
    inferred: [],
  };
}

describe('an op without a gradient rule between the target layer and the output', () => {
  test('is an error naming the op, the node and the input shapes', async () => {
    const model = tinyClassifier('Selu');
    const node = model.onnx.graph.nodes.find((n) => n.opType === 'Selu')!;
    const err = await compileCam(model).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedOpError);
    expect((err as Error).message).toContain(`cannot differentiate Selu node '${node.name}'`);
    expect((err as Error).message).toMatch(/\[2,4,8,8\]/);
  });

  test('compiles when every op on the path has a rule', async () => {
    await expect(compileCam(tinyClassifier('Relu'))).resolves.toMatchObject({ numClasses: 3 });
  });
});
