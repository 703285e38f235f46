import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMask, maskEnergy } from '../../src/dataset/mask';
import { loadSampleFiles } from '../../src/dataset/sample-loader';
import { writeNpy } from '../../src/image/npy';
import type { InputSpec } from '../../src/model/config';
import { tempDir, writePng } from '../support/dataset';

const spec = (name: string, extra: Partial<InputSpec> = {}): InputSpec => ({ name, channels: 1, height: 4, width: 4, scale: 1 / 255, mean: [0.5], std: [0.25], ...extra });

describe('loading a sample\'s files', () => {
  test('image files are shown as decoded; .npy tensors min-max stretched; tensors are [1,C,H,W]', async () => {
    const dir = tempDir('gradcam-loader-');
    const pixels = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    await writePng(join(dir, 'a.png'), pixels, 4, 4);
    writeNpy(join(dir, 'b.npy'), Float32Array.from({ length: 16 }, (_, i) => i - 8), [1, 4, 4]);
    const s = await loadSampleFiles([spec('a'), spec('b')], { a: join(dir, 'a.png'), b: join(dir, 'b.npy') });
    expect(Array.from(s.display.a!.data)).toEqual(Array.from(pixels));
    expect(s.display.b!.data[0]).toBe(0);
    expect(s.display.b!.data[15]).toBe(255);
    expect(s.inputs.a!.dims).toEqual([1, 1, 4, 4]);
    expect(s.inputs.a!.data[0]).toBeCloseTo((0 - 0.5) / 0.25, 6);
  });

  test('RGB images keep their colours; a resize is noted', async () => {
    const dir = tempDir('gradcam-loader-');
    const rgb = Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i % 3 === 0 ? 200 : i % 3 === 1 ? 40 : 90));
    await writePng(join(dir, 'c.png'), rgb, 8, 8, 3);
    const s = await loadSampleFiles([spec('c', { channels: 3, mean: [0, 0, 0], std: [1, 1, 1] })], { c: join(dir, 'c.png') });
    expect(s.display.c!.channels).toBe(3);
    expect(Array.from(s.display.c!.data.subarray(0, 3))).toEqual([200, 40, 90]);
    expect(s.notes).toEqual([`${join(dir, 'c.png')}: resized from 8×8 to 4×4`]);
  });

  test('files given as bytes in memory load exactly as from their paths; messages use their names', async () => {
    const dir = tempDir('gradcam-loader-');
    await writePng(join(dir, 'a.png'), Uint8Array.from({ length: 16 }, (_, i) => i * 13), 4, 4);
    writeNpy(join(dir, 'b.npy'), Float32Array.from({ length: 16 }, (_, i) => i / 4), [1, 4, 4]);
    const specs = [spec('a'), spec('b')];
    const fromPaths = await loadSampleFiles(specs, { a: join(dir, 'a.png'), b: join(dir, 'b.npy') });
    const bytes = (file: string) => ({ name: `upload ${file}`, bytes: new Uint8Array(readFileSync(join(dir, file))) });
    expect(await loadSampleFiles(specs, { a: bytes('a.png'), b: bytes('b.npy') })).toEqual(fromPaths);
    await expect(loadSampleFiles([spec('a')], { a: { name: 'the upload', bytes: Uint8Array.of(1, 2, 3) } })).rejects.toThrow(/^the upload: not a readable image/);
  });

  test('a missing file is named', async () => {
    await expect(loadSampleFiles([spec('a')], { a: '/nope/a.png' })).rejects.toThrow(/input file not found: \/nope\/a\.png/);
  });
});

describe('masks', () => {
  test('image masks: resized nearest-neighbour, non-zero inside; .npy masks: >= 0.5 inside', async () => {
    const dir = tempDir('gradcam-mask-');
    await writePng(join(dir, 'm.png'), Uint8Array.from([255, 0, 0, 1]), 2, 2);
    expect(Array.from(await loadMask(join(dir, 'm.png'), 4, 4))).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
    writeNpy(join(dir, 'm.npy'), Float32Array.from([0.2, 0.5, 0.9, 0]), [1, 2, 2]);
    expect(Array.from(await loadMask(join(dir, 'm.npy'), 2, 2))).toEqual([0, 1, 1, 0]);
    await expect(loadMask(join(dir, 'm.npy'), 3, 3)).rejects.toThrow(/mask shape \[1,2,2\] is not \[3,3\]/);
    await expect(loadMask(join(dir, 'none.png'), 3, 3)).rejects.toThrow(/mask file not found/);
  });

  test('energy inside the mask: share of the map\'s total; null for an empty map', () => {
    expect(maskEnergy([1, 1, 2, 0], Uint8Array.from([0, 0, 1, 1]))).toBeCloseTo(0.5);
    expect(maskEnergy([0.25, 0.25, 0.25, 0.25], Uint8Array.from([1, 0, 0, 0]))).toBeCloseTo(0.25);
    expect(maskEnergy([0, 0], Uint8Array.from([1, 0]))).toBeNull();
  });
});
