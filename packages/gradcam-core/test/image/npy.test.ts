/** .npy parsing from any byte view: a Node Buffer from the shared pool reads like a plain array. */
import { encodeNpy, parseNpy } from '../../src/image/npy';

test('values come back from a pooled Buffer (non-zero offset), a plain copy and an offset view alike', () => {
  const values = Float32Array.from({ length: 300 }, (_, i) => i * 0.5 - 7);
  const file = encodeNpy(values, [3, 100]);
  const pooled = Buffer.from(Buffer.from(file).toString('base64'), 'base64'); // small Buffers share a pool
  const framed = new Uint8Array(file.length + 5);
  framed.set(file, 5);
  for (const bytes of [pooled, new Uint8Array(file), framed.subarray(5)]) {
    const a = parseNpy(bytes);
    expect(a.shape).toEqual([3, 100]);
    expect(Array.from(a.data as Float32Array)).toEqual(Array.from(values));
  }
});
