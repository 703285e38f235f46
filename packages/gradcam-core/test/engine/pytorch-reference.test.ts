/**
 * The engine against PyTorch on models exported by torch.onnx.export: gradients at the target
 * layers against torch autograd, heat maps against a pytorch-grad-cam-equivalent reference.
 */
import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { loadModel } from '../../src/model/load';
import { CamEngine } from '../../src/runtime/engine';
import { caseArray, caseInputs, FIXTURE_MODELS, FIXTURES, maxAbsDiff, readReference, relativeError } from '../support/fixtures';

describe.each(FIXTURE_MODELS)('%s against PyTorch', (name) => {
  const ref = readReference(name);
  let engine: CamEngine;
  beforeAll(async () => {
    engine = await CamEngine.create(join(FIXTURES, name), { device: 'cpu', exposeGradients: true, cache: new CompileCache(null) });
  });
  afterAll(() => engine.dispose());

  test.each(ref.cases.map((c) => [c.name, c] as const))('case %s', async (_label, c) => {
    // b1_pred leaves the target to the engine: it must pick the predicted class itself.
    const explicit = c.name.endsWith('_pred') ? undefined : c.targets;
    const out = await engine.run(caseInputs(name, ref, c), explicit);
    expect(out.predictedClass).toEqual(c.predicted);
    expect(out.targetClass).toEqual(c.targets);
    const scores = caseArray(name, c, 'output').data;
    expect(maxAbsDiff(Float32Array.from(out.scores.flatMap((r) => [...r])), scores)).toBeLessThan(1e-4);
    for (const { name: input } of ref.inputs) {
      const grad = caseArray(name, c, `grad_${input}`);
      expect(out.gradients![input]!.dims).toEqual(grad.dims);
      expect(relativeError(out.gradients![input]!.data, grad.data)).toBeLessThan(1e-4);
      const cam = caseArray(name, c, `cam_${input}`);
      expect(maxAbsDiff(Float32Array.from(out.heatmaps[input]!.flatMap((r) => [...r])), cam.data)).toBeLessThan(1e-3);
      c.camRaw[input]!.max.forEach((m, row) => expect(out.rawMax[input]![row]).toBeCloseTo(m, 4));
      c.camRaw[input]!.min.forEach((m, row) => expect(out.rawMin[input]![row]).toBeCloseTo(m, 4));
    }
  });
});

describe('default target layers', () => {
  test.each(['effnet4', 'mobilenetv3_softmax'])('%s: the last feature map before pooling, as PyTorch users pick it', async (name) => {
    const model = loadModel(join(FIXTURES, name));
    model.config.targetLayers = {};
    const engine = await CamEngine.create(model, { device: 'cpu', cache: new CompileCache(null) });
    try {
      const expected = Object.fromEntries(readReference(name).targetLayers.map((t) => [t.input, t.tensor]));
      expect(engine.layers).toEqual(expected);
    } finally {
      await engine.dispose();
    }
  });
});
