/**
 * Score-CAM and Ablation-CAM: the maps against PyTorch (tools/forward_cam_reference.py, float64),
 * and what batching their passes must not change — the progress reported, the maps at another
 * batch size, a sample's map next to other samples.
 */
import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { readNpy } from '../../src/image/npy';
import { CamEngine, type CamBatch, type InputTensor } from '../../src/runtime/engine';
import { caseArray, caseInputs, FIXTURE_MODELS, FIXTURES, maxAbsDiff, readReference, type Reference, type ReferenceCase } from '../support/fixtures';

const METHODS = ['scorecam', 'ablationcam'] as const;
/** Score-CAM runs the whole model once per channel: 640 passes per effnet4 sample. */
const SLOW_MS = 600_000;

/** A reference map [N·H·W]: float32, or uint16 fixed point (value / 65535). */
function referenceMap(model: string, c: ReferenceCase, method: string, input: string): Float32Array {
  const a = readNpy(join(FIXTURES, model, c.dir, `cam_${method}_${input}.npy`));
  if (a.data instanceof Uint16Array) return Float32Array.from(a.data, (q) => q / 65535);
  if (a.data instanceof Float32Array) return a.data;
  throw new Error(`cam_${method}_${input}.npy: unexpected dtype ${a.dtype}`);
}

const flat = (rows: Float32Array[]): Float32Array => Float32Array.from(rows.flatMap((r) => [...r]));

/** Channels of every input's target layer (from the reference activations): one pass each, per sample. */
const passesPerSample = (model: string, ref: Reference, c: ReferenceCase): number =>
  ref.inputs.reduce((a, i) => a + caseArray(model, c, `act_${i.name}`).dims[1]!, 0);

function rowOf(inputs: Record<string, InputTensor>, r: number): Record<string, InputTensor> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, t]) => {
      const size = t.data.length / t.dims[0]!;
      return [k, { data: t.data.slice(r * size, (r + 1) * size), dims: [1, ...t.dims.slice(1)] }];
    }),
  );
}

function worstDifference(a: CamBatch, b: CamBatch, rowA = 0, rowB = 0): number {
  return Math.max(...Object.keys(a.heatmaps).map((input) => maxAbsDiff(a.heatmaps[input]![rowA]!, b.heatmaps[input]![rowB]!)));
}

describe.each(FIXTURE_MODELS)('%s', (name) => {
  const ref = readReference(name);
  const b4 = ref.cases.find((c) => c.batch === 4)!;

  describe.each(METHODS)('%s', (method) => {
    const progress: [number, number][] = [];
    let engine: CamEngine;
    beforeAll(async () => {
      const options = { device: 'cpu' as const, method, cache: new CompileCache(null) };
      engine = await CamEngine.create(join(FIXTURES, name), { ...options, onProgress: (done, total) => void progress.push([done, total]) });
    });
    afterAll(() => engine.dispose());

    test.each(ref.cases.map((c) => [c.name, c] as const))('case %s against PyTorch, with progress', async (_label, c) => {
      progress.length = 0;
      const explicit = c.name.endsWith('_pred') ? undefined : c.targets;
      const out = await engine.run(caseInputs(name, ref, c), explicit);
      expect(out.method).toBe(method);
      expect(out.targetClass).toEqual(c.targets);
      expect(out.predictedClass).toEqual(c.predicted);
      for (const { name: input } of ref.inputs) {
        expect(maxAbsDiff(flat(out.heatmaps[input]!), referenceMap(name, c, method, input))).toBeLessThan(1e-3);
        out.rawMax[input]!.forEach((max, row) => expect(max).toBeGreaterThanOrEqual(out.rawMin[input]![row]!));
      }

      const total = c.batch * passesPerSample(name, ref, c);
      expect(progress[0]).toEqual([0, total]);
      expect(progress[progress.length - 1]).toEqual([total, total]);
      progress.forEach(([done, t], i) => {
        expect(t).toBe(total);
        if (i > 0) expect(done).toBeGreaterThan(progress[i - 1]![0]);
      });
    }, SLOW_MS);

    // Batch-structure checks need not repeat on every model: Score-CAM on effnet4 costs 640 full
    // forward passes per sample, so they run on the others (which cover both methods).
    const structural = name === 'effnet4' && method === 'scorecam' ? test.skip : test;

    structural("a sample's map does not depend on the other rows of its batch", async () => {
      const inputs = caseInputs(name, ref, b4);
      const together = await engine.run(inputs, b4.targets);
      for (let r = 0; r < b4.batch; r++) {
        const alone = await engine.run(rowOf(inputs, r), b4.targets[r]);
        // As for Grad-CAM (sanity.test.ts): onnxruntime's reductions in the map pipeline round
        // differently for 1 row and for 4 (~1e-6); a row reading another row's values is far off.
        expect(worstDifference(alone, together, 0, r)).toBeLessThan(1e-5);
      }
    }, SLOW_MS);

    structural('the batch size changes the speed only', async () => {
      const inputs = caseInputs(name, ref, b4);
      const maps: CamBatch[] = [];
      for (const batchSize of [7, 64]) {
        const sized = await CamEngine.create(join(FIXTURES, name), { device: 'cpu', method, batchSize, cache: new CompileCache(null) });
        try {
          maps.push(await sized.run(inputs, b4.targets));
        } finally {
          await sized.dispose();
        }
      }
      for (let r = 0; r < b4.batch; r++) expect(worstDifference(maps[0]!, maps[1]!, r, r)).toBeLessThan(1e-6);
    }, SLOW_MS);
  });
});
