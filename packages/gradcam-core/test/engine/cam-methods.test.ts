/**
 * Grad-CAM++, XGrad-CAM, HiResCAM, LayerCAM and EigenCAM against PyTorch: on every fixture model
 * and case, the engine's maps against pytorch-grad-cam's formulas computed in float64
 * (tools/make_fixtures.py); then what follows from the methods' definitions.
 */
import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { compileCam, OUT, SEED_INPUT } from '../../src/compile/compiler';
import { loadModel } from '../../src/model/load';
import { GraphIndex } from '../../src/onnx/graph';
import { decodeModel } from '../../src/onnx/proto';
import { CamEngine } from '../../src/runtime/engine';
import { caseInputs, caseMap, FIXTURE_MODELS, FIXTURES, maxAbsDiff, readReference } from '../support/fixtures';

const METHODS = ['gradcam++', 'xgradcam', 'hirescam', 'layercam', 'eigencam'] as const;

const flat = (rows: readonly Float32Array[]): Float32Array => Float32Array.from(rows.flatMap((r) => [...r]));
const engineFor = (name: string, method: string): Promise<CamEngine> =>
  CamEngine.create(join(FIXTURES, name), { device: 'cpu', method, cache: new CompileCache(null) });

describe.each(FIXTURE_MODELS)('%s', (name) => {
  const ref = readReference(name);

  describe.each(METHODS)('%s against PyTorch', (method) => {
    let engine: CamEngine;
    beforeAll(async () => {
      engine = await engineFor(name, method);
    });
    afterAll(() => engine.dispose());

    test.each(ref.cases.map((c) => [c.name, c] as const))('case %s', async (_label, c) => {
      const explicit = c.name.endsWith('_pred') ? undefined : c.targets;
      const out = await engine.run(caseInputs(name, ref, c), explicit);
      expect(out.method).toBe(method);
      expect(out.targetClass).toEqual(c.targets);
      for (const { name: input } of ref.inputs) {
        const expected = caseMap(name, c, method, input);
        expect(maxAbsDiff(flat(out.heatmaps[input]!), expected.data)).toBeLessThan(1e-3);
        // The extremes before normalisation: the maps' scale, which normalisation hides.
        const raw = c.methods[method]!.camRaw[input]!;
        raw.max.forEach((m, row) => expect(Math.abs(out.rawMax[input]![row]! - m)).toBeLessThan(1e-4 * Math.max(1, Math.abs(m))));
        raw.min.forEach((m, row) => expect(Math.abs(out.rawMin[input]![row]! - m)).toBeLessThan(1e-4 * Math.max(1, Math.abs(m))));
      }
    });
  });
});

describe('where methods coincide', () => {
  test('behind global average pooling HiResCAM is Grad-CAM (effnet4)', async () => {
    const name = 'effnet4';
    const ref = readReference(name);
    const [hires, grad] = await Promise.all([engineFor(name, 'hirescam'), engineFor(name, 'gradcam')]);
    try {
      for (const c of ref.cases) {
        const inputs = caseInputs(name, ref, c);
        const [a, b] = [await hires.run(inputs, c.targets), await grad.run(inputs, c.targets)];
        for (const { name: input } of ref.inputs) expect(maxAbsDiff(flat(a.heatmaps[input]!), flat(b.heatmaps[input]!))).toBeLessThan(1e-5);
      }
    } finally {
      await Promise.all([hires.dispose(), grad.dispose()]);
    }
  });
});

describe('EigenCAM needs no gradients', () => {
  const name = 'effnet4';

  test('its compiled graph has no backward pass', async () => {
    const model = loadModel(join(FIXTURES, name));
    const graphOf = async (method: string) => decodeModel((await compileCam(model, { method, exposeGradients: true })).bytes).graph;
    const [eigen, grad] = await Promise.all([graphOf('eigencam'), graphOf('gradcam')]);
    // The seed starts the backward pass; otherwise it only picks the target class.
    const seededBeyondTarget = (g: typeof eigen): string[] => {
      const index = new GraphIndex(g);
      const target = index.upstreamOf([OUT.target]);
      return [...index.downstreamOf([SEED_INPUT])].filter((v) => !target.has(v));
    };
    expect(seededBeyondTarget(grad).length).toBeGreaterThan(0);
    expect(seededBeyondTarget(eigen)).toEqual([]);
    expect(eigen.outputs.map((o) => o.name)).not.toContain(OUT.gradient(model.config.inputs[0]!.name));
  });

  test('its maps do not depend on the class explained', async () => {
    const ref = readReference(name);
    const engine = await engineFor(name, 'eigencam');
    try {
      const inputs = caseInputs(name, ref, ref.cases.find((c) => c.batch === 4)!);
      const [a, b] = [await engine.run(inputs, 0), await engine.run(inputs, 3)];
      for (const input of Object.keys(inputs)) expect(maxAbsDiff(flat(a.heatmaps[input]!), flat(b.heatmaps[input]!))).toBe(0);
    } finally {
      await engine.dispose();
    }
  });
});
