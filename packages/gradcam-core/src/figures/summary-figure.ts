/**
 * The batch summary (the guide's `summary_visualization.png`): one row per sample — its id, true
 * and predicted class on the left, then its overlays, one column per input. Misclassified rows are
 * framed and labelled in red so they stand out in a long grid.
 */
import { classLabel, methodTitle, type PredictionCaption, verdict } from './caption';
import type { ColormapName } from './colormap';
import { legend, LEGEND_HEIGHT } from './legend';
import { composePng, fitSize, layer, type Layer, type Rgb, scaledPanel } from './panel';
import { clip, INK, RIGHT, svgLayer, svgRect, svgText, WRONG } from './svg-text';

export interface SummaryRow {
  sampleId: string;
  prediction: PredictionCaption;
  /** Blended overlays at the input's size, one per input in config order. */
  overlays: Rgb[];
}

export interface SummaryFigureOptions {
  classes?: readonly string[];
  colormap?: ColormapName;
  /** Side of the square each overlay is fitted into (default 128). */
  cell?: number;
  /** A second title line, e.g. accuracy and how many rows are shown. */
  subtitle?: string;
  /** CAM method name, for the titles; default Grad-CAM. */
  method?: string;
}

/** More rows would make a figure too tall to look at (and to hold in memory); results files list all. */
export const SUMMARY_MAX_ROWS = 50;

const PAD = 16;
const GAP = 6;
const LABEL = 210;
const TITLE = 62;
const HEADER = 24;

export function summaryFigureGeometry(inputCount: number, rowHeight: number, rowCount: number, cell: number) {
  const width = PAD + LABEL + inputCount * cell + (inputCount - 1) * GAP + PAD;
  const rowTop = (r: number): number => TITLE + HEADER + r * (rowHeight + GAP);
  const height = rowTop(rowCount) + LEGEND_HEIGHT + PAD / 2;
  const columnLeft = (i: number): number => PAD + LABEL + i * (cell + GAP);
  return { width, height, rowTop, columnLeft };
}

export async function renderSummaryFigure(inputNames: readonly string[], rows: readonly SummaryRow[], options: SummaryFigureOptions = {}): Promise<Buffer> {
  if (rows.length === 0) throw new RangeError('a summary needs at least one sample');
  const cell = options.cell ?? 128;
  const colormap = options.colormap ?? 'jet';
  const classes = options.classes ?? [];
  // The label column needs ~96 px for its four lines, whatever the cell size.
  const rowHeight = Math.max(96, ...rows.flatMap((r) => r.overlays.map((o) => fitSize(o.width, o.height, cell).height)));
  const g = summaryFigureGeometry(inputNames.length, rowHeight, rows.length, cell);
  const layers: Layer[] = [];
  const title = methodTitle(options.method);
  const svg: string[] = [svgText(`${title} summary · ${rows.length} sample${rows.length === 1 ? '' : 's'}`, g.width / 2, 28, { size: 20, bold: true, anchor: 'middle' })];
  if (options.subtitle) svg.push(svgText(options.subtitle, g.width / 2, 50, { size: 14, anchor: 'middle' }));
  inputNames.forEach((name, i) => svg.push(svgText(clip(name, Math.floor(cell / 8)), g.columnLeft(i) + cell / 2, TITLE + HEADER - 7, { size: 15, bold: true, anchor: 'middle' })));

  await Promise.all(
    rows.map(async (row, r) => {
      const top = g.rowTop(r);
      const v = verdict(row.prediction);
      const colour = v === 'wrong' ? WRONG : INK;
      const mark = v === 'wrong' ? ' ✗' : v === 'right' ? ' ✓' : '';
      const lines = [
        svgText(clip(row.sampleId, 18) + mark, PAD, top + 22, { size: 15, bold: true, colour: v === 'right' ? RIGHT : colour }),
        svgText(`true: ${row.prediction.trueClass === undefined ? '—' : clip(classLabel(classes, row.prediction.trueClass), 20)}`, PAD, top + 44, { size: 13, colour }),
        svgText(`pred: ${clip(classLabel(classes, row.prediction.predictedClass), 20)}`, PAD, top + 64, { size: 13, colour }),
        svgText(`conf: ${row.prediction.confidence.toFixed(3)}`, PAD, top + 84, { size: 13, colour }),
      ];
      svg.push(...lines);
      if (v === 'wrong') svg.push(svgRect(PAD / 2, top - GAP / 2, g.width - PAD, rowHeight + GAP, WRONG));
      const panels = await Promise.all(row.overlays.map((o) => scaledPanel(o, cell)));
      panels.forEach((p, i) => layers.push(layer(p, g.columnLeft(i) + (cell - p.width) / 2, top + (rowHeight - p.height) / 2)));
    }),
  );

  const centre = (g.columnLeft(0) + g.columnLeft(inputNames.length - 1) + cell) / 2;
  const key = legend(colormap, centre, g.rowTop(rows.length), Math.min(320, g.width - 2 * PAD), title);
  layers.push(...key.layers);
  svg.push(...key.svg);
  return composePng(g.width, g.height, [...layers, { input: svgLayer(g.width, g.height, svg), left: 0, top: 0 }]);
}
