/**
 * The combined figure of one sample (the guide's `<id>_gradcam_visualization.png`): a title with
 * the prediction, then one column per model input in config order — its name, the original
 * image on top, the CAM overlay below — and a colour legend.
 */
import { methodTitle, type PredictionCaption, predictionLine, verdict } from './caption';
import type { ColormapName } from './colormap';
import type { DisplayImage } from './display';
import { displayRgb } from './display';
import { legend, LEGEND_HEIGHT } from './legend';
import { overlayHeatmap } from './overlay';
import { composePng, fitSize, layer, type Layer, scaledPanel } from './panel';
import { clip, RIGHT, svgLayer, svgText, WRONG } from './svg-text';

export interface FigureColumn {
  /** The input's name, the column title. */
  name: string;
  image: DisplayImage;
  /** Normalised heat map [H·W] in 0..1 at the image's size. */
  heatmap: ArrayLike<number>;
  /** Optional region mask [H·W], outlined on the overlay. */
  mask?: Uint8Array;
}

export interface SampleFigureOptions {
  colormap?: ColormapName;
  alpha?: number;
  /** Side of the square each image is fitted into, in pixels (default 224). */
  cell?: number;
  sampleId?: string;
  classes?: readonly string[];
  /** CAM method name (e.g. 'gradcam++'), for the titles; default Grad-CAM. */
  method?: string;
}

const PAD = 16;
const GAP = 10;
const ROW_LABEL = 30;
const TITLE = 66;
const COLUMN_TITLE = 26;
/** Band under the overlays for the inputs' contributions, when known. */
const CONTRIBUTIONS = 30;

/** Figure geometry, exported for tests: where the title band and the image rows are. */
export function sampleFigureGeometry(columns: readonly Pick<FigureColumn, 'image'>[], cell: number, contributions = false) {
  const sizes = columns.map((c) => fitSize(c.image.width, c.image.height, cell));
  const rowHeight = Math.max(...sizes.map((s) => s.height));
  const width = PAD + ROW_LABEL + columns.length * cell + (columns.length - 1) * GAP + PAD;
  const topRow = TITLE + COLUMN_TITLE;
  const bottomRow = topRow + rowHeight + GAP;
  const contributionRow = bottomRow + rowHeight + GAP;
  const legendTop = contributionRow + (contributions ? CONTRIBUTIONS : 0);
  const height = legendTop + LEGEND_HEIGHT + PAD / 2;
  const columnLeft = (i: number): number => PAD + ROW_LABEL + i * (cell + GAP);
  return { width, height, sizes, rowHeight, title: { top: 0, height: TITLE }, topRow, bottomRow, contributionRow, legendTop, columnLeft };
}

/**
 * One bar per column from its centre, right for a positive share of the target score, left for a
 * negative one, scaled to the largest magnitude; the value beside it.
 */
function contributionBars(columns: readonly FigureColumn[], shares: Readonly<Record<string, number>>, g: ReturnType<typeof sampleFigureGeometry>, cell: number): string[] {
  const largest = Math.max(1e-12, ...columns.map((c) => Math.abs(shares[c.name] ?? 0)));
  return columns.flatMap((c, i) => {
    const v = shares[c.name];
    if (v === undefined) return [];
    const centre = g.columnLeft(i) + cell / 2;
    const length = (Math.abs(v) / largest) * (cell / 2 - 4);
    const x = v >= 0 ? centre : centre - length;
    return [
      `<rect x="${x.toFixed(1)}" y="${g.contributionRow + 2}" width="${length.toFixed(1)}" height="8" fill="${v >= 0 ? RIGHT : WRONG}"/>`,
      `<line x1="${centre}" y1="${g.contributionRow}" x2="${centre}" y2="${g.contributionRow + 12}" stroke="#555" stroke-width="1"/>`,
      svgText(`contribution ${v >= 0 ? '+' : ''}${v.toPrecision(3)}`, centre, g.contributionRow + 25, { size: 12, anchor: 'middle' }),
    ];
  });
}

/** Renders the figure as PNG bytes; without a prediction the title carries only the sample id. */
export async function renderSampleFigure(columns: readonly FigureColumn[], prediction: PredictionCaption | undefined, options: SampleFigureOptions = {}): Promise<Buffer> {
  if (columns.length === 0) throw new RangeError('a figure needs at least one input column');
  const cell = options.cell ?? 224;
  const colormap = options.colormap ?? 'jet';
  const shares = prediction?.branchContributions;
  const g = sampleFigureGeometry(columns, cell, shares !== undefined);
  const layers: Layer[] = [];
  const svg: string[] = [];

  const title = methodTitle(options.method);
  const heading = options.sampleId ? `${title} · ${clip(options.sampleId, 60)}` : title;
  svg.push(svgText(heading, g.width / 2, 28, { size: 20, bold: true, anchor: 'middle' }));
  if (prediction) {
    const v = verdict(prediction);
    const colour = v === 'wrong' ? WRONG : v === 'right' ? RIGHT : undefined;
    svg.push(svgText(predictionLine(prediction, options.classes ?? []), g.width / 2, 54, { size: 15, anchor: 'middle', colour, bold: v === 'wrong' }));
  }

  const labelX = PAD + ROW_LABEL / 2 + 5;
  svg.push(svgText('input', labelX, g.topRow + g.rowHeight / 2, { size: 14, anchor: 'middle', rotate: -90 }));
  svg.push(svgText(`${title} overlay`, labelX, g.bottomRow + g.rowHeight / 2, { size: 14, anchor: 'middle', rotate: -90 }));

  await Promise.all(
    columns.map(async (c, i) => {
      const { width, height } = c.image;
      const original = await scaledPanel({ width, height, data: displayRgb(c.image) }, cell);
      const blended = await scaledPanel({ width, height, data: overlayHeatmap(c.image, c.heatmap, { alpha: options.alpha, colormap, mask: c.mask }) }, cell);
      // Centred in its cell; both rows use the same offsets, so the overlay sits under its image.
      const left = g.columnLeft(i) + (cell - original.width) / 2;
      const dy = (g.rowHeight - original.height) / 2;
      layers.push(layer(original, left, g.topRow + dy), layer(blended, left, g.bottomRow + dy));
      svg.push(svgText(clip(c.name, Math.floor(cell / 9)), g.columnLeft(i) + cell / 2, g.topRow - 8, { size: 16, bold: true, anchor: 'middle' }));
    }),
  );

  if (shares) svg.push(...contributionBars(columns, shares, g, cell));
  const centre = (g.columnLeft(0) + g.columnLeft(columns.length - 1) + cell) / 2;
  const key = legend(colormap, centre, g.legendTop, Math.min(320, g.width - 2 * PAD), title);
  layers.push(...key.layers);
  svg.push(...key.svg);
  return composePng(g.width, g.height, [...layers, { input: svgLayer(g.width, g.height, svg), left: 0, top: 0 }]);
}
