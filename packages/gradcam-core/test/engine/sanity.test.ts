/**
 * Sanity checks of the maps themselves (Adebayo et al., "Sanity Checks for Saliency Maps"):
 * a map depends on its own sample only, on the weights, and on the class explained.
 */
import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { loadModel } from '../../src/model/load';
import { floatValues, floatTensor } from '../../src/onnx/tensor';
import { CamEngine, type InputTensor } from '../../src/runtime/engine';
import { caseInputs, FIXTURES, maxAbsDiff, readReference } from '../support/fixtures';
import { randomValues, rng } from '../support/random';

const NAME = 'effnet4';
const ref = readReference(NAME);
const batch4 = caseInputs(NAME, ref, ref.cases.find((c) => c.batch === 4)!);
const row = (t: InputTensor, r: number): InputTensor => {
  const size = t.data.length / t.dims[0]!;
  return { data: t.data.slice(r * size, (r + 1) * size), dims: [1, ...t.dims.slice(1)] };
};
const rowsOf = (inputs: Record<string, InputTensor>, r: number): Record<string, InputTensor> =>
  Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, row(t, r)]));

describe('sanity of the heat maps', () => {
  let engine: CamEngine;
  beforeAll(async () => {
    engine = await CamEngine.create(join(FIXTURES, NAME), { device: 'cpu', cache: new CompileCache(null) });
  });
  afterAll(() => engine.dispose());

  test("a sample's map does not change with the other samples in its batch", async () => {
    const together = await engine.run(batch4, [0, 1, 2, 3]);
    for (let r = 0; r < 4; r++) {
      const alone = await engine.run(rowsOf(batch4, r), r);
      for (const input of Object.keys(batch4)) expect(maxAbsDiff(alone.heatmaps[input]![0]!, together.heatmaps[input]![r]!)).toBeLessThan(1e-5);
    }
  });

  test('another target class gives another map', async () => {
    const sample = rowsOf(batch4, 0);
    const a = await engine.run(sample, 0);
    const b = await engine.run(sample, 3);
    const differences = Object.keys(sample).map((input) => maxAbsDiff(a.heatmaps[input]![0]!, b.heatmaps[input]![0]!));
    expect(Math.max(...differences)).toBeGreaterThan(0.1);
  });

  test("re-initialising the last block's weights changes the maps", async () => {
    const model = loadModel(join(FIXTURES, NAME));
    // The last convolution before each target layer: the 1x1 head conv of each backbone.
    const producerOf = new Map(model.onnx.graph.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
    const next = rng(99);
    let replaced = 0;
    for (const target of Object.values(model.config.targetLayers)) {
      let node = producerOf.get(target);
      while (node && node.opType !== 'Conv') node = producerOf.get(node.inputs[0]!);
      const w = model.onnx.graph.initializers.findIndex((t) => t.name === node?.inputs[1]);
      expect(w).toBeGreaterThanOrEqual(0);
      const old = model.onnx.graph.initializers[w]!;
      const fresh = randomValues(floatValues(old).length, next, { scale: 0.1 });
      model.onnx.graph.initializers[w] = floatTensor(old.name, old.dims, fresh);
      replaced++;
    }
    expect(replaced).toBe(4);
    model.sha256 = 'randomised-' + model.sha256; // a different model for the compile cache
    const randomised = await CamEngine.create(model, { device: 'cpu', cache: new CompileCache(null) });
    try {
      const sample = rowsOf(batch4, 0);
      const original = await engine.run(sample, 0);
      const changed = await randomised.run(sample, 0);
      for (const input of Object.keys(sample)) expect(maxAbsDiff(original.heatmaps[input]![0]!, changed.heatmaps[input]![0]!)).toBeGreaterThan(0.1);
    } finally {
      await randomised.dispose();
    }
  });
});
