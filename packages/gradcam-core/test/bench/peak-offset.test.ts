/** The peak-offset report: offsets measured in each image's own frame, flipped or not. */
import { medianOffset, medianPeakOffset } from '../../src/bench/peak-offset';
import type { CamEngine } from '../../src/runtime/engine';

// An "engine" whose heat map is its input: the geometry is all that is under test here.
const identity = { run: async (inputs: Record<string, { data: Float32Array }>) => ({ heatmaps: { a: [inputs.a!.data] } }) } as unknown as CamEngine;

test('a peak that follows the content: (2.5, -2.5) from the lesion as given, (2.5, 2.5) with both turned upside down', async () => {
  const [w, h] = [10, 8];
  const mask = new Uint8Array(w * h);
  for (const [x, y] of [[4, 5], [5, 5], [4, 6], [5, 6]] as const) mask[y * w + x] = 1; // centroid (4.5, 5.5)
  const map = new Float32Array(w * h);
  map[3 * w + 7] = 1; // peak (7, 3): (+2.5, -2.5) from the centroid
  const c = { inputs: { a: { data: map, dims: [1, 1, h, w] } }, input: 'a', mask, width: w, label: 0 };
  expect(await medianPeakOffset(identity, [c], false)).toEqual([2.5, -2.5]);
  // Both turned upside down: the peak is now below the lesion in the flipped frame.
  expect(await medianPeakOffset(identity, [c], true)).toEqual([2.5, 2.5]);
});

test('the median offset, so that one map with no peak at all does not move it', () => {
  expect(medianOffset([[1, 2], [3, -4], [-100, -100]])).toEqual([1, -4]);
  expect(medianOffset([[1, 2], [3, 4]])).toEqual([2, 3]);
});
