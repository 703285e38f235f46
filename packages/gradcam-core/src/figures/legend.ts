/** The colour legend under a figure: a horizontal bar from low (0) to high (1) importance. */
import { applyColormap, type ColormapName } from './colormap';
import { layer, type Layer } from './panel';
import { svgText } from './svg-text';

/** Height a legend takes, text included. */
export const LEGEND_HEIGHT = 52;

/** Legend centred at `centreX`, starting at `top`: the bar (a layer) and its labels (SVG). */
export function legend(colormap: ColormapName, centreX: number, top: number, barWidth: number, title = 'Grad-CAM'): { layers: Layer[]; svg: string[] } {
  const barHeight = 12;
  const ramp = Float32Array.from({ length: barWidth }, (_, x) => x / (barWidth - 1));
  const row = applyColormap(ramp, colormap);
  const data = new Uint8Array(barWidth * barHeight * 3);
  for (let y = 0; y < barHeight; y++) data.set(row, y * barWidth * 3);
  const left = Math.round(centreX - barWidth / 2);
  const barTop = top + 20;
  return {
    layers: [layer({ width: barWidth, height: barHeight, data }, left, barTop)],
    svg: [
      svgText(`${title} importance (${colormap})`, centreX, top + 14, { size: 13, anchor: 'middle' }),
      svgText('0 · low', left, barTop + barHeight + 15, { size: 12 }),
      svgText('high · 1', left + barWidth, barTop + barHeight + 15, { size: 12, anchor: 'end' }),
    ],
  };
}
