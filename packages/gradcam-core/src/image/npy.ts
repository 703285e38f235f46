/** NumPy .npy files (format 1.0–3.0, C order, little-endian float32/float64/int64/int32/uint16). */
import { readFileSync, writeFileSync } from 'node:fs';

export interface NpyArray {
  dtype: 'float32' | 'float64' | 'int64' | 'int32' | 'uint16';
  shape: number[];
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint16Array;
}

export class NpyError extends Error {
  override name = 'NpyError';
}

const MAGIC = '\x93NUMPY';

/** Whether the bytes start as a .npy file does. */
export const hasNpyMagic = (buf: Uint8Array): boolean => buf.length >= MAGIC.length && String.fromCharCode(...buf.subarray(0, MAGIC.length)) === MAGIC;
const DTYPES = { '<f4': 'float32', '<f8': 'float64', '<i8': 'int64', '<i4': 'int32', '<u2': 'uint16' } as const;

export function parseNpy(buf: Uint8Array, source = 'array'): NpyArray {
  if (buf.length < 10 || !hasNpyMagic(buf)) throw new NpyError(`${source} is not a .npy file`);
  const major = buf[6]!;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLen;
  if (start > buf.length) throw new NpyError(`${source}: truncated header`);
  const header = new TextDecoder().decode(buf.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new NpyError(`${source}: unreadable header`);
  const dtype = DTYPES[descr as keyof typeof DTYPES];
  if (!dtype) throw new NpyError(`${source}: dtype ${descr} is not supported (use little-endian float32)`);
  if (fortran === 'True') throw new NpyError(`${source}: Fortran-ordered arrays are not supported`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = shape.reduce((a, c) => a * c, 1);
  // An aligned copy: Uint8Array's slice copies, where a Node Buffer's would only be a view.
  const body = Uint8Array.prototype.slice.call(buf, start);
  const ctor = { float32: Float32Array, float64: Float64Array, int64: BigInt64Array, int32: Int32Array, uint16: Uint16Array }[dtype];
  if (body.byteLength < count * ctor.BYTES_PER_ELEMENT) throw new NpyError(`${source}: holds fewer values than its shape [${shape.join(',')}] needs`);
  return { dtype, shape, data: new ctor(body.buffer, 0, count) };
}

export function readNpy(path: string): NpyArray {
  return parseNpy(new Uint8Array(readFileSync(path)), path);
}

/** Float32 values of an array (float64 is narrowed, integers are refused). */
export function npyFloat32(a: NpyArray, source = 'array'): Float32Array {
  if (a.data instanceof Float32Array) return a.data;
  if (a.data instanceof Float64Array) return Float32Array.from(a.data);
  throw new NpyError(`${source}: expected floating-point values, found ${a.dtype}`);
}

export function encodeNpy(data: Float32Array, shape: number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export function writeNpy(path: string, data: Float32Array, shape: number[]): void {
  writeFileSync(path, encodeNpy(data, shape));
}
