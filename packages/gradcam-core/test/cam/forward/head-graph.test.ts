/**
 * The head cut on a small graph with what the fixture models lack: a skip connection that bypasses
 * the target layer (a boundary value the compiled graph must pass on), a constant subgraph the head
 * reads, and a value the passes cannot be given (a shape computed from the input).
 */
import * as ort from 'onnxruntime-node';
import { ablationCam } from '../../../src/cam/forward/ablation-cam';
import { cutHead, HeadCutError, headModel } from '../../../src/cam/forward/head-graph';
import { forwardPassValues } from '../../../src/cam/forward/pass-values';
import { CompileCache } from '../../../src/compile/cache';
import { probeModel } from '../../../src/compile/compiler';
import type { LoadedModel } from '../../../src/model/load';
import { attr } from '../../../src/onnx/attributes';
import type { Attribute, Node, OnnxModel, Tensor } from '../../../src/onnx/ir';
import { encodeModel } from '../../../src/onnx/proto';
import { floatTensor, int64Tensor } from '../../../src/onnx/tensor';
import { CamEngine } from '../../../src/runtime/engine';
import { randomValues, rng } from '../../support/random';

const CLASSES = 4;
const next = rng(7);
const node = (opType: string, inputs: string[], outputs: string[], attributes: Attribute[] = []): Node => ({
  name: `${opType}_${outputs[0]}`,
  opType,
  domain: '',
  inputs,
  outputs,
  attributes,
  extra: [],
});

/**
 * x [N,2,4,4] → a = Relu(x) → t = Conv(a) (the target, [N,3,4,4]) → Sigmoid → + skip, where
 * skip = Conv(a) bypasses t → Reshape to [N,48] → MatMul → scores [N,4]. `shapeFromInput` makes
 * the Reshape's shape a value computed from x instead of a constant.
 */
function skipModel(shapeFromInput = false): LoadedModel {
  const initializers: Tensor[] = [
    floatTensor('w_t', [3, 2, 1, 1], randomValues(6, next)),
    floatTensor('w_skip', [3, 2, 1, 1], randomValues(6, next)),
    floatTensor('w_fc', [48, CLASSES], randomValues(48 * CLASSES, next)),
    int64Tensor('minus_one', [1], [-1]),
    int64Tensor('zero', [1], [0]),
  ];
  const shape = shapeFromInput
    ? [node('Shape', ['x'], ['x_shape']), node('Gather', ['x_shape', 'zero'], ['n'], [attr.int('axis', 0)]), node('Concat', ['n', 'minus_one'], ['flat_shape'], [attr.int('axis', 0)])]
    : [node('Constant', [], ['flat_shape'], [attr.tensor('value', int64Tensor('flat_shape_value', [2], [0, -1]))])];
  const onnx: OnnxModel = {
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    extra: [],
    graph: {
      name: 'skip',
      nodes: [
        node('Relu', ['x'], ['a']),
        node('Conv', ['a', 'w_t'], ['t']),
        node('Conv', ['a', 'w_skip'], ['skip']),
        node('Sigmoid', ['t'], ['u']),
        node('Add', ['u', 'skip'], ['v']),
        ...shape,
        node('Reshape', ['v', 'flat_shape'], ['flat']),
        node('MatMul', ['flat', 'w_fc'], ['scores']),
      ],
      initializers,
      inputs: [{ name: 'x', elemType: 1, shape: ['batch', 2, 4, 4], extra: [] }],
      outputs: [{ name: 'scores', elemType: 1, shape: ['batch', CLASSES], extra: [] }],
      valueInfo: [],
      extra: [],
    },
  };
  const bytes = encodeModel(onnx);
  const config = {
    inputs: [{ name: 'x', channels: 2, height: 4, width: 4, scale: 1, mean: [0, 0], std: [1, 1] }],
    output: 'scores',
    outputKind: 'logits' as const,
    classes: Array.from({ length: CLASSES }, (_, k) => `class ${k}`),
    targetLayers: { x: 't' },
    task: 'multiclass' as const,
    layerHints: {},
  };
  return { path: 'skip.onnx', name: 'skip', sha256: `skip-${shapeFromInput}`, bytes, onnx, config, inferred: [] };
}

async function run(onnx: OnnxModel, feeds: Record<string, ort.Tensor>, outputs: string[]): Promise<Record<string, ort.Tensor>> {
  const withOutputs = { ...onnx, graph: { ...onnx.graph, outputs: outputs.map((name) => ({ name, extra: [] })) } };
  const session = await ort.InferenceSession.create(encodeModel(withOutputs));
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

const x = new ort.Tensor('float32', randomValues(2 * 2 * 16, next), [2, 2, 4, 4]);

describe('the head after the target layers', () => {
  let probe: Awaited<ReturnType<typeof probeModel>>;
  beforeAll(async () => {
    probe = await probeModel(skipModel(true));
  });

  test('reads the skip connection as a boundary value and takes the constant shape along', () => {
    const { nodes, boundary } = cutHead(skipModel().onnx, ['t'], 'scores');
    expect(boundary).toEqual(['skip']);
    expect(nodes.map((n) => n.outputs[0])).toEqual(['u', 'v', 'flat_shape', 'flat', 'scores']);
  });

  test('computes the model\'s scores from the target activations and the boundary values', async () => {
    const model = skipModel();
    const full = await run(model.onnx, { x }, ['t', 'skip', 'scores']);
    const head = await run(headModel(model.onnx, ['t'], 'scores').model, { t: full.t!, skip: full.skip! }, ['scores']);
    expect([...(head.scores!.data as Float32Array)]).toEqual([...(full.scores!.data as Float32Array)]);
  });

  test('a value computed from the input without a batch axis cannot be passed on', async () => {
    const model = skipModel(true);
    expect(cutHead(model.onnx, ['t'], 'scores').boundary).toEqual(['skip', 'flat_shape']);
    expect(() => forwardPassValues(model, { x: { tensor: 't', layout: { kind: 'nchw', grid: [4, 4] }, mapShape: [2, 2, 4, 4], reason: 'requested' } }, probe, ablationCam)).toThrow(HeadCutError);
    expect(() => forwardPassValues(model, { x: { tensor: 't', layout: { kind: 'nchw', grid: [4, 4] }, mapShape: [2, 2, 4, 4], reason: 'requested' } }, probe, ablationCam)).toThrow(/'flat_shape' \(int64 \[2\]\)/);
  });
  test('Ablation-CAM with a boundary value equals ablating the target in the whole model', async () => {
    const model = skipModel();
    const engine = await CamEngine.create(model, { device: 'cpu', method: 'ablationcam', batchSize: 2, cache: new CompileCache(null) });
    try {
      const out = await engine.run({ x: { data: x.data as Float32Array, dims: [2, 2, 4, 4] } }, [1, 3]);
      // The whole model with channel k of t zeroed: t's consumer reads t·keep instead.
      const ablatable: OnnxModel = structuredClone(model.onnx);
      ablatable.graph.inputs.push({ name: 'keep', elemType: 1, shape: [1, 3, 1, 1], extra: [] });
      ablatable.graph.nodes.find((n) => n.opType === 'Sigmoid')!.inputs = ['t_kept'];
      ablatable.graph.nodes.splice(2, 0, node('Mul', ['t', 'keep'], ['t_kept']));
      for (let row = 0; row < 2; row++) {
        const sample = new ort.Tensor('float32', (x.data as Float32Array).slice(row * 32, (row + 1) * 32), [1, 2, 4, 4]);
        const score = async (keep: number[]): Promise<{ y: number; t: Float32Array }> => {
          const r = await run(ablatable, { x: sample, keep: new ort.Tensor('float32', Float32Array.from(keep), [1, 3, 1, 1]) }, ['scores', 't']);
          return { y: (r.scores!.data as Float32Array)[out.targetClass[row]!]!, t: r.t!.data as Float32Array };
        };
        const { y, t } = await score([1, 1, 1]);
        const weights = await Promise.all([0, 1, 2].map(async (k) => (y - (await score([0, 1, 2].map((j) => (j === k ? 0 : 1)))).y) / y));
        // The map at the input's size (4x4: the resize is the identity), normalised twice as the pipeline does.
        const raw = Array.from({ length: 16 }, (_, p) => Math.max(0, weights.reduce((s, w, k) => s + w * t[k * 16 + p]!, 0)));
        const normalise = (m: number[]): number[] => {
          const lo = Math.min(...m);
          const hi = Math.max(...m.map((v) => v - lo));
          return m.map((v) => (v - lo) / (1e-7 + hi));
        };
        const expected = normalise(normalise(raw));
        const actual = out.heatmaps.x![row]!;
        expected.forEach((v, p) => expect(actual[p]).toBeCloseTo(v, 5));
        expect(Math.max(...expected)).toBeCloseTo(1, 5);
      }
    } finally {
      await engine.dispose();
    }
  });
});
