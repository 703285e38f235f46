import { heatmapShift, iou, pearson, topRegion } from './heatmap-shift';

test('pearson: identical, reversed, flat', () => {
  expect(pearson([1, 2, 3], [1, 2, 3])).toBeCloseTo(1, 12);
  expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
});

test('top region: the highest 20% of cells, ties to the earlier cell', () => {
  expect([...topRegion([0, 9, 3, 9, 1, 0, 0, 0, 0, 0])].sort()).toEqual([1, 3]);
  expect([...topRegion([5, 5, 5, 5, 5])]).toEqual([0]);
});

test('IoU of the top regions', () => {
  expect(iou(new Set([1, 2]), new Set([2, 3]))).toBeCloseTo(1 / 3, 12);
  const a = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  expect(heatmapShift(a, a)).toEqual({ pearson: expect.closeTo(1, 12), iou: 1 });
  expect(heatmapShift(a, [...a].reverse()).iou).toBe(0);
});
