/**
 * The model zoo against PyTorch (tools/make_zoo_fixtures.py): vision transformers, channels-last
 * and hybrid families and the binary / multi-label / regression heads, width-reduced and exported
 * by torch.onnx.export. Each is compiled with its DEFAULT target layer, which must be the layer
 * the reference used (pytorch-grad-cam's pick for the family, seen through its reshape_transform);
 * then per case and method the maps within 1e-3 and the target gradients within 1e-4 relative of
 * autograd, at batch 1 and at batch 4 with mixed targets (the graph is compiled at batch 2).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { loadModel } from '../../src/model/load';
import { CamEngine } from '../../src/runtime/engine';
import { caseArray, caseInputs, caseMap, FIXTURES, maxAbsDiff, readReference, type ReferenceCase, relativeError, ZOO_MODELS } from '../support/fixtures';

const GRADIENT_METHODS = ['gradcam++', 'xgradcam', 'hirescam', 'layercam', 'eigencam'] as const;
const FORWARD_METHODS = ['scorecam', 'ablationcam'] as const;

const flat = (rows: readonly ArrayLike<number>[]): Float32Array => Float32Array.from(rows.flatMap((r) => [...Array.from(r)]));

/** The engine on the fixture with its gradcam.json's target layers dropped: the default must find them. */
async function defaultEngine(name: string, method: string, exposeGradients = false): Promise<CamEngine> {
  const model = loadModel(join(FIXTURES, name));
  model.config.targetLayers = {};
  return CamEngine.create(model, { device: 'cpu', method, exposeGradients, cache: new CompileCache(null) });
}

const explicitTargets = (c: ReferenceCase): number[] | undefined => (c.name.endsWith('_pred') ? undefined : c.targets);

describe.each(ZOO_MODELS)('zoo/%s against PyTorch', (zoo) => {
  const name = `zoo/${zoo}`;
  const ref = readReference(name);

  describe('Grad-CAM at the default layer', () => {
    let engine: CamEngine;
    beforeAll(async () => {
      engine = await defaultEngine(name, 'gradcam', true);
    });
    afterAll(() => engine.dispose());

    test('the default target layer is the reference\'s, read with its layout', () => {
      for (const t of ref.targetLayers) {
        expect(engine.layers[t.input]).toBe(t.tensor);
        const { layout } = engine.compiled.targets[t.input]!;
        expect(layout.kind).toBe(t.layout);
        expect(layout.grid).toEqual(t.grid);
        expect(layout.kind === 'tokens' ? layout.prefixTokens : 0).toBe(t.prefixTokens);
      }
    });

    test.each(ref.cases.map((c) => [c.name, c] as const))('case %s', async (_label, c) => {
      const out = await engine.run(caseInputs(name, ref, c), explicitTargets(c));
      expect(out.targetClass).toEqual(c.targets);
      if (ref.task !== 'regression') expect(out.predictedClass).toEqual(c.predicted);
      if (c.predictedLabels) expect(out.predictedLabels).toEqual(c.predictedLabels);
      if (c.probabilities) expect(maxAbsDiff(flat(out.probabilities), c.probabilities.flat())).toBeLessThan(1e-5);
      expect(maxAbsDiff(flat(out.scores), caseArray(name, c, 'output').data)).toBeLessThan(1e-4);
      for (const { name: input } of ref.inputs) {
        const grad = caseArray(name, c, `grad_${input}`);
        expect(out.gradients![input]!.dims).toEqual(grad.dims);
        expect(relativeError(out.gradients![input]!.data, grad.data)).toBeLessThan(1e-4);
        expect(relativeError(out.activations![input]!.data, caseArray(name, c, `act_${input}`).data)).toBeLessThan(1e-4);
        expect(maxAbsDiff(flat(out.heatmaps[input]!), caseMap(name, c, 'gradcam', input).data)).toBeLessThan(1e-3);
        c.camRaw[input]!.max.forEach((m, row) => expect(Math.abs(out.rawMax[input]![row]! - m)).toBeLessThan(1e-4 * Math.max(1, Math.abs(m))));
      }
    });
  });

  const methods = [...GRADIENT_METHODS, ...FORWARD_METHODS].filter((m) => existsSync(join(FIXTURES, name, ref.cases[0]!.dir, `cam_${m}_${ref.inputs[0]!.name}.npy`)));
  describe.each(methods)('%s at the default layer', (method) => {
    let engine: CamEngine;
    beforeAll(async () => {
      engine = await defaultEngine(name, method);
    });
    afterAll(() => engine.dispose());

    test.each(ref.cases.map((c) => [c.name, c] as const))('case %s', async (_label, c) => {
      const out = await engine.run(caseInputs(name, ref, c), explicitTargets(c));
      expect(out.targetClass).toEqual(c.targets);
      for (const { name: input } of ref.inputs) expect(maxAbsDiff(flat(out.heatmaps[input]!), caseMap(name, c, method, input).data)).toBeLessThan(1e-3);
    });
  });
});
