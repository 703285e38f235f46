import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { decodeModel, encodeModel, OnnxFormatError } from '../../src/onnx/proto';
import { caseInputs, FIXTURE_MODELS, FIXTURES, maxAbsDiff, readReference } from '../support/fixtures';

describe('ONNX load/save', () => {
  test.each(FIXTURE_MODELS)('%s: a decoded and re-encoded model computes exactly what the original does', async (name) => {
    const original = new Uint8Array(readFileSync(join(FIXTURES, name, 'model.onnx')));
    const model = decodeModel(original);
    const again = encodeModel(model);
    expect(decodeModel(again)).toEqual(model); // stable: a second round trip changes nothing
    const ref = readReference(name);
    const c = ref.cases[ref.cases.length - 1]!;
    const feeds = Object.fromEntries(Object.entries(caseInputs(name, ref, c)).map(([k, t]) => [k, new ort.Tensor('float32', t.data, t.dims)]));
    const [a, b] = await Promise.all([ort.InferenceSession.create(original), ort.InferenceSession.create(again)]);
    const [outA, outB] = [await a.run(feeds), await b.run(feeds)];
    for (const key of Object.keys(outA)) expect(maxAbsDiff(outA[key]!.data as Float32Array, outB[key]!.data as Float32Array)).toBe(0);
    await Promise.all([a.release(), b.release()]);
  });

  test('keeps fields it does not model (producer name, doc strings)', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'resnet_mlp', 'model.onnx')));
    const model = decodeModel(bytes);
    expect(model.extra.length).toBeGreaterThan(0); // producer_name, producer_version
    const text = new TextDecoder().decode(encodeModel(model));
    expect(text).toContain('pytorch');
  });

  test.each([
    ['random bytes', Uint8Array.from({ length: 200 }, (_, i) => (i * 97 + 13) % 256)],
    ['a truncated model', new Uint8Array(readFileSync(join(FIXTURES, 'resnet_mlp', 'model.onnx'))).subarray(0, 5000)],
    ['an empty file', new Uint8Array(0)],
    ['a PNG header', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
  ])('%s is refused with a clear error', (_label, bytes) => {
    expect(() => decodeModel(bytes)).toThrow(OnnxFormatError);
  });
});
