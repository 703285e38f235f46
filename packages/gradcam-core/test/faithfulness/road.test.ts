import { firstPixels, noisyLinearImputation } from '../../src/faithfulness/road';
import { randomMap, relevanceOrder } from '../../src/faithfulness/perturb';

const W = 40;
const H = 30;
// A linear ramp: every pixel equals the weighted mean of its 8 neighbours, so imputation is exact.
const ramp = { data: Float32Array.from({ length: 2 * W * H }, (_, i) => (i < W * H ? 0.5 : -2) + 0.03 * Math.floor((i % (W * H)) / W) - 0.02 * (i % W)), dims: [1, 2, H, W] };

describe('noisy linear imputation (ROAD)', () => {
  // (On the image border the mean of the in-bounds neighbours is not the centre's value: keep it.)
  const onBorder = (p: number): boolean => p < W || p >= W * (H - 1) || p % W === 0 || p % W === W - 1;

  test.each([0.1, 0.5, 0.9])('recovers a linear image with %f of its inner pixels removed at random', (fraction) => {
    const removed = firstPixels(relevanceOrder(randomMap(W * H, 5)), fraction).map((r, p) => (onBorder(p) ? 0 : r));
    const out = noisyLinearImputation(ramp, removed, 0, 1);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i]! - ramp.data[i]!));
    expect(worst).toBeLessThan(2e-3);
  });

  test('a hole is filled smoothly from its border, per channel', () => {
    const removed = new Uint8Array(W * H);
    for (let y = 10; y < 20; y++) for (let x = 15; x < 25; x++) removed[y * W + x] = 1;
    const out = noisyLinearImputation(ramp, removed, 0, 1);
    expect(Math.abs(out[15 * W + 20]! - ramp.data[15 * W + 20]!)).toBeLessThan(2e-3);
    expect(Math.abs(out[W * H + 15 * W + 20]! - ramp.data[W * H + 15 * W + 20]!)).toBeLessThan(2e-3);
  });

  test('noise touches only the removed pixels, and is seeded', () => {
    const removed = firstPixels(relevanceOrder(randomMap(W * H, 9)), 0.3);
    const a = noisyLinearImputation(ramp, removed, 0.5, 7);
    const b = noisyLinearImputation(ramp, removed, 0.5, 7);
    const exact = noisyLinearImputation(ramp, removed, 0, 7);
    expect(a).toEqual(b);
    let changedKept = 0;
    let changedRemoved = 0;
    for (let i = 0; i < a.length; i++) {
      if (removed[i % (W * H)]) changedRemoved += Number(Math.abs(a[i]! - exact[i]!) > 1e-6);
      else changedKept += Number(a[i] !== ramp.data[i]);
    }
    expect(changedKept).toBe(0);
    expect(changedRemoved).toBeGreaterThan(0.9 * 2 * removed.reduce((s, r) => s + r, 0));
  });
});
