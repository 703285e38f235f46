/**
 * Random and mutated files into the two parsers that take user bytes: the ONNX loader and the
 * image decoder. Any outcome but success or the parser's own named error is a bug (a TypeError
 * from a half-read structure, a hang, a crash). Seeded, and bounded in count, so a failure repeats.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareInput, ImageInputError } from '../../src/image/preprocess';
import { ModelConfigError } from '../../src/model/config';
import { loadModel, ModelLoadError } from '../../src/model/load';
import { OnnxFormatError } from '../../src/onnx/proto';
import { FIXTURES } from '../support/fixtures';

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => (s = (s * 1664525 + 1013904223) >>> 0) % n;
}

/** Flips, overwrites, deletes, duplicates or truncates at random places (typed-array copies: fast). */
function mutate(bytes: Uint8Array, next: (n: number) => number): Uint8Array {
  let out: Uint8Array = bytes.slice();
  const edits = 1 + next(8);
  for (let e = 0; e < edits && out.length > 0; e++) {
    const at = next(out.length);
    const join = (...parts: Uint8Array[]): Uint8Array => {
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((o, p) => (all.set(p, o), o + p.length), 0);
      return all;
    };
    switch (next(5)) {
      case 0: out[at] = out[at]! ^ (1 << next(8)); break;
      case 1: out[at] = next(256); break;
      case 2: out = join(out.subarray(0, at), out.subarray(at + 1 + next(16))); break;
      case 3: out = join(out.subarray(0, at), out.subarray(at, at + 1 + next(32)), out.subarray(at)); break;
      default: out = out.slice(0, at);
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'gradcam-fuzz-'));

describe('fuzzing the parsers', () => {
  test('the ONNX loader: 400 mutated models and 100 random files load or fail with a named error', () => {
    const model = new Uint8Array(readFileSync(join(FIXTURES, 'resnet_mlp', 'model.onnx')));
    const next = rng(20261126);
    const unexpected: string[] = [];
    for (let i = 0; i < 500; i++) {
      const bytes = i < 400 ? mutate(model, next) : Uint8Array.from({ length: next(4096) }, () => next(256));
      const path = join(dir, `m${i}.onnx`);
      writeFileSync(path, bytes);
      try {
        loadModel(path);
      } catch (err) {
        if (!(err instanceof OnnxFormatError || err instanceof ModelLoadError || err instanceof ModelConfigError)) unexpected.push(`#${i}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  test('the image decoder: 150 mutated PNGs decode or fail with ImageInputError', async () => {
    const png = new Uint8Array(readFileSync(join(__dirname, '..', '..', '..', '..', 'models', 'demo', 'samples', 'images', 's0001_mnv.png')));
    const spec = { name: 'mnv', channels: 1, height: 224, width: 224, scale: 1 / 255, mean: [0], std: [1] };
    const next = rng(7);
    const unexpected: string[] = [];
    for (let i = 0; i < 150; i++) {
      const path = join(dir, `i${i}.png`);
      writeFileSync(path, mutate(png, next));
      try {
        const out = await prepareInput(path, spec);
        expect(out.data).toHaveLength(224 * 224);
      } catch (err) {
        if (!(err instanceof ImageInputError)) unexpected.push(`#${i}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
