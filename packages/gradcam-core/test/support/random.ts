/** Seeded random numbers for tests: failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Uniform in [-1, 1), kept at least `gap` away from each kink point (Relu's 0, Clip's bounds...). */
export function randomValues(n: number, next: () => number, opts: { kinks?: number[]; gap?: number; positive?: boolean; scale?: number } = {}): Float32Array {
  const out = new Float32Array(n);
  const scale = opts.scale ?? 1;
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = opts.positive ? 0.2 + next() * scale : (next() * 2 - 1) * scale;
    while ((opts.kinks ?? []).some((k) => Math.abs(v - k) < (opts.gap ?? 0.02)));
    out[i] = v;
  }
  return out;
}
