import { auc, scoreMap } from '../../src/faithfulness/metrics';
import { blackFill, curveRows, maskedByMap, relevanceOrder } from '../../src/faithfulness/perturb';
import type { Scorer } from '../../src/faithfulness/scorer';
import type { InputSpec } from '../../src/model/config';

const W = 16;
const spec: InputSpec = { name: 'x', channels: 1, height: W, width: W, scale: 1, mean: [0.5], std: [0.25] } as InputSpec;
const fill = blackFill(spec)[0]!; // -2: a black pixel, normalised
const image = { data: new Float32Array(W * W).fill(1), dims: [1, 1, W, W] };
/** The decisive region: the top-left quarter. */
const inRegion = (p: number): boolean => Math.floor(p / W) < W / 2 && p % W < W / 2;
const regionMap = Float32Array.from({ length: W * W }, (_, p) => (inRegion(p) ? 1 : 0.1 * ((p * 7) % 5) / 5));
const elsewhereMap = Float32Array.from({ length: W * W }, (_, p) => (inRegion(p) ? 0 : 1));

/**
 * A classifier whose class-1 probability grows with the mean of the decisive region (in pixel
 * terms, black = 0): a model where the right answer is known.
 */
const regionModel: Scorer = async (inputs) => {
  const { data, dims } = inputs.x!;
  const plane = W * W;
  return Array.from({ length: dims[0]! }, (_, r) => {
    let s = 0;
    for (let p = 0; p < plane; p++) if (inRegion(p)) s += (data[r * plane + p]! - fill) / (1 - fill);
    const z = 8 * (s / (plane / 4)) - 4;
    const p1 = 1 / (1 + Math.exp(-z));
    return Float32Array.of(1 - p1, p1);
  });
};

describe('faithfulness metrics', () => {
  test('AUC is trapezoidal over [0, 1]', () => {
    expect(auc([1, 1, 1])).toBeCloseTo(1, 12);
    expect(auc([1, 0])).toBeCloseTo(0.5, 12);
    expect(auc([0, 1, 1, 1, 1])).toBeCloseTo(0.875, 12);
  });

  test('deletion and insertion rows go from the input to all-fill and back, most relevant first', () => {
    const order = relevanceOrder(regionMap);
    expect(inRegion(order[0]!)).toBe(true);
    const del = curveRows(image, order, [fill], 4, false);
    const ins = curveRows(image, order, [fill], 4, true);
    expect(del).toHaveLength(5);
    expect(del[0]).toEqual(image.data);
    expect(del[4]!.every((v) => v === fill)).toBe(true);
    expect(ins[0]!.every((v) => v === fill)).toBe(true);
    expect(ins[4]).toEqual(image.data);
    // After a quarter of the pixels, deletion has removed exactly the decisive region.
    expect(Array.from(del[1]!).every((v, p) => (inRegion(p) ? v === fill : v === 1))).toBe(true);
  });

  test('the input seen through a map is the input where the map is 1 and the fill where it is 0', () => {
    const masked = maskedByMap(image, elsewhereMap, [fill]);
    expect(Array.from(masked).every((v, p) => (inRegion(p) ? v === fill : v === 1))).toBe(true);
  });

  test('a map of the decisive region scores better than a map of everything else on every metric', async () => {
    const right = await scoreMap(regionModel, { x: image }, spec, regionMap, 1, { steps: 8, roadFractions: [0.25] });
    const wrong = await scoreMap(regionModel, { x: image }, spec, elsewhereMap, 1, { steps: 8, roadFractions: [0.25] });
    expect(right.probability).toBeCloseTo(1 / (1 + Math.exp(-4)), 5);
    expect(right.deletionAuc).toBeLessThan(wrong.deletionAuc);
    expect(right.insertionAuc).toBeGreaterThan(wrong.insertionAuc);
    expect(right.drop).toBeLessThan(wrong.drop);
    expect(wrong.drop).toBeGreaterThan(90);
    // A constant image imputes to itself: ROAD removes no information here, whatever the order.
    expect(right.roadMorf).toBeCloseTo(right.probability, 4);
  });
});
