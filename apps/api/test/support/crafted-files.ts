/** Hostile inputs built in the test: PNGs with a forged header, .npy tensors of the wrong kind. */
import { deflateSync } from 'node:zlib';
import { encodeNpy } from 'gradcam-core';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A valid grey PNG header claiming width×height pixels, followed by only a few rows of data. */
export function pngHeaderOfSize(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = deflateSync(Buffer.alloc((width + 1) * 4));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

/** A float32 .npy of the given shape, every value `fill` except element `nanAt` (NaN). */
export function npyOf(shape: number[], options: { fill?: number; nanAt?: number } = {}): Buffer {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(options.fill ?? 0.5);
  if (options.nanAt !== undefined) data[options.nanAt] = Number.NaN;
  return Buffer.from(encodeNpy(data, shape));
}
