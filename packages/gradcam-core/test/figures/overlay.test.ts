import { colormapColor } from '../../src/figures/colormap';
import { displayFromNormalised, displayFromTensor, displayRgb, type DisplayImage } from '../../src/figures/display';
import { drawOutline, overlayHeatmap } from '../../src/figures/overlay';

const grey = (w: number, h: number, v: number): DisplayImage => ({ width: w, height: h, channels: 1, data: new Uint8Array(w * h).fill(v) });

describe('overlayHeatmap', () => {
  test('alpha·colour + (1 − alpha)·image, per channel, rounded', () => {
    const [r, g, b] = colormapColor(1);
    const out = overlayHeatmap(grey(1, 1, 100), [1]);
    expect(Array.from(out)).toEqual([Math.round(0.5 * r + 50), Math.round(0.5 * g + 50), Math.round(0.5 * b + 50)]);
    const a = overlayHeatmap(grey(1, 1, 100), [0], { alpha: 0.3, colormap: 'viridis' });
    expect(Array.from(a)).toEqual(colormapColor(0, 'viridis').map((c) => Math.round(0.3 * c + 0.7 * 100)));
  });

  test('alpha 0 is the image, alpha 1 the colormap', () => {
    const img: DisplayImage = { width: 2, height: 1, channels: 3, data: Uint8Array.from([10, 20, 30, 40, 50, 60]) };
    expect(Array.from(overlayHeatmap(img, [0.2, 0.9], { alpha: 0 }))).toEqual([10, 20, 30, 40, 50, 60]);
    expect(Array.from(overlayHeatmap(img, [0.2, 0.9], { alpha: 1 }))).toEqual([...colormapColor(0.2), ...colormapColor(0.9)]);
  });

  test('size mismatch and a bad alpha are refused', () => {
    expect(() => overlayHeatmap(grey(2, 2, 0), [0, 1])).toThrow(/heat map has 2 values, the image 2×2/);
    expect(() => overlayHeatmap(grey(1, 1, 0), [0], { alpha: 1.5 })).toThrow(/alpha must be in 0\.\.1/);
  });

  test('a mask is outlined in white on its boundary only', () => {
    const w = 5;
    const mask = new Uint8Array(25);
    for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) mask[y * w + x] = 1;
    const rgb = new Uint8Array(75);
    drawOutline(rgb, mask, 5, 5);
    const white = (x: number, y: number): boolean => rgb[(y * w + x) * 3] === 255 && rgb[(y * w + x) * 3 + 2] === 255;
    expect(white(1, 1)).toBe(true);
    expect(white(3, 2)).toBe(true);
    expect(white(2, 2)).toBe(false); // interior
    expect(white(0, 0)).toBe(false); // outside
  });
});

describe('display images', () => {
  test('a tensor is min-max stretched to 0..255', () => {
    const d = displayFromTensor(Float32Array.from([-2, 0, 2, 1]), 2, 2);
    expect(d).toMatchObject({ width: 2, height: 2, channels: 1 });
    expect(Array.from(d.data)).toEqual([0, 128, 255, 191]);
    expect(Array.from(displayFromTensor(new Float32Array(4).fill(3), 2, 2).data)).toEqual([0, 0, 0, 0]);
  });

  test('3 channels become interleaved RGB with one common range', () => {
    const d = displayFromTensor(Float32Array.from([0, 1, 2, 3, 4, 5]), 1, 2); // planes R=[0,1] G=[2,3] B=[4,5]
    expect(d.channels).toBe(3);
    expect(Array.from(d.data)).toEqual([0, 102, 204, 51, 153, 255]);
    expect(displayRgb(d)).toBe(d.data);
  });

  test('normalised image tensors give back their 8-bit pixels', () => {
    const pixels = [0, 17, 128, 255];
    const spec = { channels: 1, height: 2, width: 2, scale: 1 / 255, mean: [0.485], std: [0.229] };
    const data = Float32Array.from(pixels, (p) => (p * spec.scale - 0.485) / 0.229);
    expect(Array.from(displayFromNormalised(data, spec).data)).toEqual(pixels);
  });

  test('grey repeats into RGB', () => {
    expect(Array.from(displayRgb(grey(1, 2, 9)))).toEqual([9, 9, 9, 9, 9, 9]);
  });
});
