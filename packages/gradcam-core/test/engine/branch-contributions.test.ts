/**
 * Branch contributions against the exact decomposition of a pooled linear head:
 * logit_t = Σ_b Σ_c W[t, offset_b + c]·mean_ij(A_b,c) + bias_t.
 */
import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { loadModel } from '../../src/model/load';
import { floatValues } from '../../src/onnx/tensor';
import { CamEngine } from '../../src/runtime/engine';
import { caseInputs, FIXTURES, readReference } from '../support/fixtures';

const NAME = 'effnet4';

describe('branch contributions', () => {
  test('each input gets exactly its additive share of the target logit', async () => {
    const model = loadModel(join(FIXTURES, NAME));
    const gemm = model.onnx.graph.nodes.filter((n) => n.opType === 'Gemm').pop()!;
    const init = (name: string) => model.onnx.graph.initializers.find((t) => t.name === name)!;
    const w = init(gemm.inputs[1]!); // [K, 4·C] (transB = 1)
    const weights = floatValues(w);
    const bias = floatValues(init(gemm.inputs[2]!));
    const ref = readReference(NAME);
    const c = ref.cases.find((x) => x.batch === 4)!;
    const engine = await CamEngine.create(model, { device: 'cpu', exposeGradients: true, cache: new CompileCache(null) });
    try {
      const out = await engine.run(caseInputs(NAME, ref, c), c.targets);
      const features = w.dims[1]!;
      for (let row = 0; row < c.batch; row++) {
        const t = c.targets[row]!;
        let offset = 0;
        let total = bias[t]!;
        for (const { name: input } of ref.inputs) {
          const act = out.activations![input]!;
          const [, channels, h, wd] = act.dims as [number, number, number, number];
          let expected = 0;
          for (let ch = 0; ch < channels; ch++) {
            let mean = 0;
            for (let p = 0; p < h * wd; p++) mean += act.data[((row * channels + ch) * h * wd) + p]!;
            expected += weights[t * features + offset + ch]! * (mean / (h * wd));
          }
          offset += channels;
          const got = out.branchContributions![input]![row]!;
          expect(Math.abs(got - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
          total += got;
        }
        expect(offset).toBe(features);
        expect(Math.abs(total - out.scores[row]![t]!)).toBeLessThan(1e-4);
      }
    } finally {
      await engine.dispose();
    }
  });

  test('methods without gradients report none', async () => {
    const engine = await CamEngine.create(join(FIXTURES, 'resnet_mlp'), { device: 'cpu', method: 'eigencam', cache: new CompileCache(null) });
    try {
      const ref = readReference('resnet_mlp');
      const out = await engine.run(caseInputs('resnet_mlp', ref, ref.cases[0]!));
      expect(out.branchContributions).toBeUndefined();
    } finally {
      await engine.dispose();
    }
  });
});
