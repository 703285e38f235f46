import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { encodeNpy } from '../../src/image/npy';
import { ImageInputError, prepareInput } from '../../src/image/preprocess';
import type { InputSpec } from '../../src/model/config';

const dir = mkdtempSync(join(tmpdir(), 'gradcam-img-'));
const grey: InputSpec = { name: 'mnv', channels: 1, height: 4, width: 6, scale: 1 / 255, mean: [0.5], std: [0.25] };
const rgb: InputSpec = { name: 'image', channels: 3, height: 4, width: 6, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };

/** A 6×4 gradient: pixel (x, y) = 10·x + 40·y. */
const pixels = Uint8Array.from({ length: 24 }, (_, i) => 10 * (i % 6) + 40 * Math.floor(i / 6));

async function png(name: string, data: Uint8Array, channels: 1 | 3 | 4, width = 6, height = 4): Promise<string> {
  const path = join(dir, name);
  let img = sharp(Buffer.from(data), { raw: { width, height, channels } });
  if (channels === 1) img = img.toColourspace('b-w');
  await img.png().toFile(path);
  return path;
}

/** A 16-bit greyscale PNG written by hand (big-endian samples, filter 0 per row). */
function png16(name: string, data: Uint16Array, width: number, height: number): string {
  const chunk = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([16, 0, 0, 0, 0], 8); // bit depth 16, greyscale
  const rows = Buffer.alloc(height * (1 + 2 * width));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows.writeUInt16BE(data[y * width + x]!, y * (1 + 2 * width) + 1 + 2 * x);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]));
  return path;
}

describe('prepareInput', () => {
  test('8-bit greyscale PNG: scaled and normalised per gradcam.json, row-major [C,H,W]', async () => {
    const { data, notes } = await prepareInput(await png('g8.png', pixels, 1), grey);
    expect(notes).toEqual([]);
    expect(Array.from(data)).toEqual(Array.from(pixels, (v) => Math.fround((v / 255 - 0.5) / 0.25)));
  });

  test('16-bit PNG keeps its precision on the 0..255 scale', async () => {
    const sixteen = Uint16Array.from(pixels, (v) => v * 257 + 128);
    const { data } = await prepareInput(png16('g16.png', sixteen, 6, 4), { ...grey, mean: [0], std: [1], scale: 1 });
    sixteen.forEach((v, i) => expect(data[i]).toBeCloseTo((v * 255) / 65535, 3));
  });

  test('RGBA for a 1-channel model: alpha dropped, converted to grey, and said so', async () => {
    const rgba = new Uint8Array(24 * 4);
    pixels.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
    const { data, notes } = await prepareInput(await png('rgba.png', rgba, 4), { ...grey, mean: [0], std: [1], scale: 1 });
    expect(notes).toEqual([expect.stringContaining('converted to greyscale')]);
    pixels.forEach((v, i) => expect(Math.abs(data[i]! - v)).toBeLessThanOrEqual(1));
  });

  test('greyscale image for a 3-channel model: replicated to RGB, channel-planar', async () => {
    const { data } = await prepareInput(await png('g-for-rgb.png', pixels, 1), rgb);
    for (let c = 0; c < 3; c++) pixels.forEach((v, i) => expect(data[c * 24 + i]).toBeCloseTo(v / 255, 5));
  });

  test('another size is resized to the model input and said so', async () => {
    const big = Uint8Array.from({ length: 12 * 8 }, () => 100);
    const { data, notes } = await prepareInput(await png('big.png', big, 1, 12, 8), { ...grey, mean: [0], std: [1], scale: 1 });
    expect(notes).toEqual([expect.stringContaining('resized from 12×8 to 6×4')]);
    expect(data).toHaveLength(24);
    data.forEach((v) => expect(v).toBeCloseTo(100, 3));
  });

  test('.npy tensors are used as they are, [C,H,W] or [1,C,H,W]', async () => {
    const values = Float32Array.from({ length: 24 }, (_, i) => i / 7);
    for (const shape of [[1, 4, 6], [1, 1, 4, 6]]) {
      const path = join(dir, `t${shape.length}.npy`);
      writeFileSync(path, encodeNpy(values, shape));
      expect(Array.from((await prepareInput(path, grey)).data)).toEqual(Array.from(values));
    }
  });

  test.each([
    ['a missing file', async () => join(dir, 'nope.png'), /input file not found/],
    ['a corrupt PNG', async () => {
      const p = join(dir, 'corrupt.png');
      writeFileSync(p, Buffer.from('\x89PNG\r\n\x1a\n garbage garbage'));
      return p;
    }, /not a readable image/],
    ['a .npy of the wrong shape', async () => {
      const p = join(dir, 'wrong.npy');
      writeFileSync(p, encodeNpy(new Float32Array(12), [1, 3, 4]));
      return p;
    }, /does not fit input 'mnv' \[1,4,6\]/],
    ['a .npy with NaN', async () => {
      const p = join(dir, 'nan.npy');
      writeFileSync(p, encodeNpy(Float32Array.from({ length: 24 }, (_, i) => (i === 5 ? NaN : 0)), [1, 4, 6]));
      return p;
    }, /NaN or infinite values \(element 5\)/],
  ])('%s is refused with a reason', async (_l, make, message) => {
    const path = await make();
    await expect(prepareInput(path, grey)).rejects.toThrow(ImageInputError);
    await expect(prepareInput(path, grey)).rejects.toThrow(message);
  });
});
