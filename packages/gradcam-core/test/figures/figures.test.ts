import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { classLabel, methodTitle, predictionLine } from '../../src/figures/caption';
import type { DisplayImage } from '../../src/figures/display';
import { renderSampleFigure, sampleFigureGeometry, type FigureColumn } from '../../src/figures/sample-figure';
import { renderSummaryFigure, summaryFigureGeometry } from '../../src/figures/summary-figure';
import { overlayHeatmap } from '../../src/figures/overlay';

const W = 100;
const H = 100;
const NAMES = ['mnv', 'fluid', 'ga', 'drusen'];
const CLASSES = ['class 0', 'class 1', 'class 2', 'class 3'];

/** A mid-grey image and a map that is 1 in the top-left quarter, 0 elsewhere. */
function column(name: string): FigureColumn {
  const image: DisplayImage = { width: W, height: H, channels: 1, data: new Uint8Array(W * H).fill(128) };
  const heatmap = Float32Array.from({ length: W * H }, (_, p) => (p % W < W / 2 && p < (W * H) / 2 ? 1 : 0));
  return { name, image, heatmap };
}

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number): [number, number, number] => {
    const i = (Math.round(y) * info.width + Math.round(x)) * info.channels;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
  /** Pixels in a box matching a test. */
  const count = (x0: number, y0: number, x1: number, y1: number, test: (rgb: [number, number, number]) => boolean): number => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (test(at(x, y))) n++;
    return n;
  };
  return { info, at, count };
}

const dark = ([r, g, b]: [number, number, number]): boolean => r < 90 && g < 90 && b < 90;
const red = ([r, g, b]: [number, number, number]): boolean => r > 150 && g < 90 && b < 90;
const green = ([r, g, b]: [number, number, number]): boolean => g > 90 && r < 90 && b < 90;

describe('combined sample figure', () => {
  const columns = NAMES.map(column);
  const g = sampleFigureGeometry(columns, 224);

  test('size, opaque RGB, one column per input', async () => {
    const png = await renderSampleFigure(columns, { predictedClass: 2, confidence: 0.8 }, { sampleId: 'patient_001', classes: CLASSES });
    const { info } = await pixels(png);
    expect([info.width, info.height, info.channels]).toEqual([g.width, g.height, 3]);
    expect(g.width).toBe(16 + 30 + 4 * 224 + 3 * 10 + 16);
  });

  test("branch contributions: a bar per column, its length the input's share, red when negative", async () => {
    const shares = { mnv: 2, fluid: 1, ga: -2, drusen: 0 };
    const withBars = sampleFigureGeometry(columns, 224, true);
    const png = await renderSampleFigure(columns, { predictedClass: 2, confidence: 0.8, branchContributions: shares }, { classes: CLASSES });
    const p = await pixels(png);
    expect(p.info.height).toBe(withBars.height);
    expect(withBars.height).toBeGreaterThan(g.height);
    const band = (i: number, test: (rgb: [number, number, number]) => boolean): number =>
      p.count(withBars.columnLeft(i), withBars.contributionRow, withBars.columnLeft(i) + 224, withBars.contributionRow + 12, test);
    expect(band(0, green)).toBeGreaterThan(1.8 * band(1, green)); // twice the share, about twice the bar
    expect(band(1, green)).toBeGreaterThan(100);
    expect(band(2, red)).toBeGreaterThan(100);
    expect(band(2, green) + band(3, green) + band(3, red)).toBe(0);
  });

  test('text is rendered: title band, column titles and legend hold dark glyph pixels', async () => {
    const p = await pixels(await renderSampleFigure(columns, { predictedClass: 2, confidence: 0.8 }, { sampleId: 'patient_001', classes: CLASSES }));
    expect(p.count(0, 0, g.width, 36, dark)).toBeGreaterThan(300); // the heading
    expect(p.count(0, 36, g.width, g.title.height, dark)).toBeGreaterThan(300); // prediction line
    for (let i = 0; i < 4; i++) expect(p.count(g.columnLeft(i), g.title.height, g.columnLeft(i) + 224, g.topRow, dark)).toBeGreaterThan(20);
    expect(p.count(0, g.bottomRow + g.rowHeight, g.width, g.height, dark)).toBeGreaterThan(100); // legend labels
  });

  test('inputs on top, overlays aligned below them: red where the map is high, blue where low', async () => {
    const p = await pixels(await renderSampleFigure(columns, { predictedClass: 2, confidence: 0.8 }));
    for (let i = 0; i < 4; i++) {
      const x = g.columnLeft(i);
      expect(p.at(x + 50, g.topRow + 50)).toEqual([128, 128, 128]); // original, untouched
      const hot = p.at(x + 50, g.bottomRow + 50); // top-left quarter of the overlay
      const cold = p.at(x + 170, g.bottomRow + 170);
      expect(hot[0]).toBeGreaterThan(100);
      expect(hot[2]).toBeLessThan(80);
      expect(cold[2]).toBeGreaterThan(cold[0]);
    }
  });

  test('a wrong prediction is titled in red, a right one in green', async () => {
    const wrong = await pixels(await renderSampleFigure(columns, { predictedClass: 2, confidence: 0.8, trueClass: 1 }, { classes: CLASSES }));
    expect(wrong.count(0, 36, g.width, g.title.height, red)).toBeGreaterThan(200);
    const right = await pixels(await renderSampleFigure(columns, { predictedClass: 2, confidence: 0.8, trueClass: 2 }, { classes: CLASSES }));
    expect(right.count(0, 36, g.width, g.title.height, red)).toBe(0);
    expect(right.count(0, 36, g.width, g.title.height, green)).toBeGreaterThan(200);
  });

  test('no columns is an error', async () => {
    await expect(renderSampleFigure([], undefined)).rejects.toThrow(/at least one input column/);
  });
});

describe('captions', () => {
  test('prediction line: class, confidence, truth with ✓/✗, and the explained class when it is not the prediction', () => {
    expect(predictionLine({ predictedClass: 2, confidence: 0.81234 }, CLASSES)).toBe('predicted: class 2 · confidence 0.812');
    expect(predictionLine({ predictedClass: 2, confidence: 0.5, trueClass: 2, targetClass: 2 }, CLASSES)).toBe('predicted: class 2 · confidence 0.500 · true: class 2 ✓');
    expect(predictionLine({ predictedClass: 2, confidence: 0.5, trueClass: 1, targetClass: 0 }, CLASSES)).toBe('predicted: class 2 · confidence 0.500 · true: class 1 ✗ · maps explain class 0');
    expect(classLabel(['normal', 'CNV'], 1)).toBe('CNV (1)');
    expect(classLabel([], 3)).toBe('class 3');
  });

  test('method titles as the papers spell them; an unlisted method keeps its name', () => {
    expect(methodTitle(undefined)).toBe('Grad-CAM');
    expect(methodTitle('gradcam++')).toBe('Grad-CAM++');
    expect(methodTitle('fancycam')).toBe('fancycam');
  });
});

describe('batch summary figure', () => {
  const overlays = NAMES.map((n) => {
    const c = column(n);
    return { width: W, height: H, data: overlayHeatmap(c.image, c.heatmap) };
  });
  const rows = [
    { sampleId: 's1', prediction: { predictedClass: 1, confidence: 0.9, trueClass: 1 }, overlays },
    { sampleId: 's2', prediction: { predictedClass: 2, confidence: 0.6, trueClass: 0 }, overlays },
    { sampleId: 's3', prediction: { predictedClass: 3, confidence: 0.7 }, overlays },
  ];

  test('one row per sample, labels rendered, the wrong row framed in red', async () => {
    const png = await renderSummaryFigure(NAMES, rows, { classes: CLASSES, subtitle: 'accuracy 1/2 (50.0%)' });
    if (process.env.GRADCAM_FIGURE_DIR) writeFileSync(join(process.env.GRADCAM_FIGURE_DIR, 'summary-synthetic.png'), png); // to look at it
    const p = await pixels(png);
    const g = summaryFigureGeometry(4, 128, 3, 128);
    expect([p.info.width, p.info.height]).toEqual([g.width, g.height]);
    const labelText = (r: number, test: typeof dark): number => p.count(0, g.rowTop(r), 210, g.rowTop(r) + 128, test);
    expect(labelText(0, dark)).toBeGreaterThan(100);
    expect(labelText(1, red)).toBeGreaterThan(100);
    expect(labelText(0, red)).toBe(0);
    // The frame of row 2 runs down the left margin.
    expect(red(p.at(8, g.rowTop(1) + 60))).toBe(true);
    expect(red(p.at(8, g.rowTop(0) + 60))).toBe(false);
    // Overlays in the cells: red in their top-left quarter.
    const [r, , b] = p.at(g.columnLeft(0) + 20, g.rowTop(2) + 20);
    expect(r - b).toBeGreaterThan(40);
  });
});
