/**
 * One axis of an ONNX Resize as an interpolation matrix R [out, in] (y = R·x along that axis),
 * with onnxruntime's CPU index arithmetic (upsamplebase.h, upsample.cc), in float32 as it computes.
 */
const f = Math.fround;

export interface ResizeAxis {
  mode: string;
  coordinateMode: string;
  nearestMode: string;
  cubicA: number;
  excludeOutside: boolean;
  /** The scale onnxruntime uses: the given one, or out/in (float32) when sizes are given. */
  scale: number;
  inSize: number;
  outSize: number;
}

/** Output index -> coordinate in the input (the spec's coordinate_transformation_mode). */
function originalCoordinate(x: number, a: ResizeAxis): number {
  const [s, lenIn, lenOut] = [f(a.scale), a.inSize, a.outSize];
  switch (a.coordinateMode) {
    case 'half_pixel':
      return f(f(f(x + 0.5) / s) - 0.5);
    case 'half_pixel_symmetric': {
      const adjustment = f(lenOut / f(s * lenIn));
      const offset = f(f(lenIn / 2) * f(1 - adjustment));
      return f(offset + f(f(f(x + 0.5) / s) - 0.5));
    }
    case 'pytorch_half_pixel':
      return lenOut > 1 ? f(f(f(x + 0.5) / s) - 0.5) : 0;
    case 'tf_half_pixel_for_nn':
      return f(f(x + 0.5) / s);
    case 'align_corners':
      return lenOut === 1 ? 0 : f(f(x * (lenIn - 1)) / (lenOut - 1));
    case 'asymmetric':
      return f(x / s);
    default:
      throw new Error(`coordinate_transformation_mode '${a.coordinateMode}'`);
  }
}

function nearestIndex(c: number, mode: string): number {
  switch (mode) {
    case 'round_prefer_floor':
      return c === Math.trunc(c) + 0.5 ? Math.floor(c) : Math.sign(c) * Math.round(Math.abs(c));
    case 'round_prefer_ceil':
      return Math.sign(c) * Math.round(Math.abs(c)); // std::round: halves away from zero
    case 'floor':
      return Math.floor(c);
    case 'ceil':
      return Math.ceil(c);
    default:
      throw new Error(`nearest_mode '${mode}'`);
  }
}

/** Cubic convolution weights of the taps at floor(c) − 1 .. floor(c) + 2 (Keys, coefficient A). */
function cubicWeights(s: number, A: number): number[] {
  const w = (t: number): number => (t <= 1 ? ((A + 2) * t - (A + 3)) * t * t + 1 : ((A * t - 5 * A) * t + 8 * A) * t - 4 * A);
  return [w(s + 1), w(s), w(1 - s), w(2 - s)];
}

/** R [out, in], row-major. */
export function resizeMatrix(a: ResizeAxis): Float32Array {
  const { inSize, outSize } = a;
  const r = new Float32Array(outSize * inSize);
  const add = (o: number, i: number, w: number): void => {
    r[o * inSize + i] = r[o * inSize + i]! + w;
  };
  const clamp = (i: number): number => Math.min(Math.max(i, 0), inSize - 1);
  for (let o = 0; o < outSize; o++) {
    const c = originalCoordinate(o, a);
    if (a.mode === 'nearest') add(o, clamp(nearestIndex(c, a.nearestMode)), 1);
    else if (a.mode === 'linear') {
      const cc = Math.min(Math.max(c, 0), inSize - 1);
      const i1 = Math.min(Math.trunc(cc), inSize - 1);
      const i2 = Math.min(i1 + 1, inSize - 1);
      const [d1, d2] = i1 === i2 ? [0.5, 0.5] : [Math.abs(cc - i1), Math.abs(cc - i2)];
      add(o, i1, d2);
      add(o, i2, d1);
    } else if (a.mode === 'cubic') {
      const base = Math.floor(c);
      const weights = cubicWeights(f(c - base), a.cubicA);
      const taps = weights.map((_, k) => base - 1 + k);
      const inside = (i: number): boolean => i >= 0 && i < inSize;
      // exclude_outside drops the taps outside the input and renormalises; otherwise edges repeat.
      const total = a.excludeOutside ? taps.reduce((s, i, k) => s + (inside(i) ? weights[k]! : 0), 0) : 1;
      taps.forEach((i, k) => {
        if (!a.excludeOutside || inside(i)) add(o, clamp(i), weights[k]! / total);
      });
    } else throw new Error(`mode '${a.mode}'`);
  }
  return r;
}
