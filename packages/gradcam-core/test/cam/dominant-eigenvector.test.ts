/** The in-graph dominant eigenvector against matrices built from known eigenvectors. */
import * as ort from 'onnxruntime-node';
import { dominantEigenvector } from '../../src/cam/dominant-eigenvector';
import { GraphBuilder } from '../../src/onnx/builder';
import type { OnnxModel } from '../../src/onnx/ir';
import { encodeModel } from '../../src/onnx/proto';
import { rng } from '../support/random';

const D = 16;

/** Q diag(λ) Qᵀ for a random orthonormal Q whose first column is `first` (normalised). */
function matrixWith(first: number[], eigenvalues: number[], next: () => number): { matrix: number[]; v1: number[] } {
  const basis: number[][] = [];
  for (let k = 0; basis.length < D; k++) {
    let v = k === 0 ? [...first] : Array.from({ length: D }, () => next() * 2 - 1);
    for (const q of basis) {
      const dot = q.reduce((s, x, i) => s + x * v[i]!, 0);
      v = v.map((x, i) => x - dot * q[i]!);
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  const matrix = Array.from({ length: D * D }, (_, ij) => basis.reduce((s, q, k) => s + eigenvalues[k]! * q[Math.floor(ij / D)]! * q[ij % D]!, 0));
  return { matrix, v1: basis[0]! };
}

async function eigenvectors(matrices: number[][]): Promise<Float32Array[]> {
  const model: OnnxModel = {
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    extra: [],
    graph: { name: 'eigen', nodes: [], initializers: [], inputs: [{ name: 'm', elemType: 1, shape: ['n', D, D], extra: [] }], outputs: [], valueInfo: [], extra: [] },
  };
  const b = new GraphBuilder(model.graph, 17);
  const v = dominantEigenvector(b, 'm', D);
  b.output(v);
  const session = await ort.InferenceSession.create(encodeModel(model));
  try {
    const out = await session.run({ m: new ort.Tensor('float32', Float32Array.from(matrices.flat()), [matrices.length, D, D]) });
    const data = out[v]!.data as Float32Array;
    return matrices.map((_, n) => data.slice(n * D, (n + 1) * D));
  } finally {
    await session.release();
  }
}

/** Largest |a − s·b| for the sign s that makes them agree. */
function distanceUpToSign(a: ArrayLike<number>, b: readonly number[]): number {
  const dot = b.reduce((s, x, i) => s + x * a[i]!, 0);
  return Math.max(...b.map((x, i) => Math.abs(a[i]! - Math.sign(dot) * x)));
}

test('converges for close eigenvalues, from a start never orthogonal to v1', async () => {
  const next = rng(7);
  const spread = (top: number[]): number[] => [...top, ...Array.from({ length: D - top.length }, (_, k) => 0.5 * top[0]! * 0.8 ** k)];
  const random = Array.from({ length: D }, () => next() * 2 - 1);
  // v1 orthogonal to a vector of ones, as for the position Gram matrix of centred activations
  const centred = random.map((x, _, all) => x - all.reduce((s, y) => s + y, 0) / D);
  const cases = [
    matrixWith(random, spread([1, 0.98]), next),
    matrixWith(centred, spread([40, 39.5]), next),
    matrixWith(random, spread([1e-3, 1e-4]), next),
  ];
  const found = await eigenvectors(cases.map((c) => c.matrix));
  found.forEach((v, n) => {
    expect(distanceUpToSign(v, cases[n]!.v1)).toBeLessThan(1e-5);
    const largest = v.reduce((j, x, i) => (Math.abs(x) > Math.abs(v[j]!) ? i : j), 0);
    expect(v[largest]).toBeGreaterThan(0);
  });
});

test('a zero matrix gives a zero vector, not NaN', async () => {
  const [v] = await eigenvectors([new Array<number>(D * D).fill(0)]);
  expect([...v!]).toEqual(new Array<number>(D).fill(0));
});
