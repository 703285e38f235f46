import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { CamEngine, InputError, type InputTensor } from '../../src/runtime/engine';
import { caseInputs, FIXTURES, readReference } from '../support/fixtures';

const NAME = 'effnet4';
const ref = readReference(NAME);
const inputs = caseInputs(NAME, ref, ref.cases[0]!);

describe('engine inputs', () => {
  let engine: CamEngine;
  beforeAll(async () => {
    engine = await CamEngine.create(join(FIXTURES, NAME), { device: 'cpu', cache: new CompileCache(null) });
  });
  afterAll(() => engine.dispose());

  const without = (name: string): Record<string, InputTensor> => Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== name));

  test.each([
    ['a missing input', () => without('ga'), /missing input 'ga'/],
    ['an extra input', () => ({ ...inputs, oct: inputs.mnv! }), /unknown input\(s\) oct; the model takes mnv, fluid, ga, drusen/],
    ['a mis-shaped input', () => ({ ...inputs, mnv: { data: new Float32Array(2 * 50 * 50), dims: [1, 2, 50, 50] } }), /input 'mnv' is \[1,2,50,50\], expected \[N,1,100,100\]/],
    ['data that does not fill its shape', () => ({ ...inputs, mnv: { data: new Float32Array(10), dims: [1, 1, 100, 100] } }), /holds 10 values for shape/],
    ['inputs with different batch sizes', () => ({ ...inputs, mnv: { data: new Float32Array(2 * 100 * 100), dims: [2, 1, 100, 100] } }), /disagree on the batch size/],
    ['NaN values', () => ({ ...inputs, ga: { data: new Float32Array(100 * 100).fill(NaN), dims: [1, 1, 100, 100] } }), /input 'ga' contains NaN or infinite values \(element 0\)/],
  ])('%s is a clear error', async (_l, make, message) => {
    await expect(engine.run(make())).rejects.toThrow(InputError);
    await expect(engine.run(make())).rejects.toThrow(message);
  });

  test.each([[-1], [4], [1.5]])('target class %p is refused', async (k) => {
    await expect(engine.run(inputs, k)).rejects.toThrow(/is not a class index 0\.\.3/);
  });

  test('one target class per row, or one for all', async () => {
    const a = await engine.run(inputs, [1]);
    const b = await engine.run(inputs, 1);
    expect(a.targetClass).toEqual([1]);
    expect(b.heatmaps.mnv![0]).toEqual(a.heatmaps.mnv![0]);
    await expect(engine.run(inputs, [1, 2])).rejects.toThrow(/2 target classes for a batch of 1/);
  });
});
