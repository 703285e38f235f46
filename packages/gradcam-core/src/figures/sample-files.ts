/**
 * Writing one sample's files: the combined figure and the individual colormapped heat maps,
 * named as output-layout.ts says. Shared by MultiInputGradCAM, GradCAMVisualizer and the CLI.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PredictionCaption } from './caption';
import { applyColormap, type ColormapName } from './colormap';
import type { DisplayImage } from './display';
import { samplePaths, type SamplePaths } from './output-layout';
import { rgbPng } from './panel';
import { type FigureColumn, renderSampleFigure } from './sample-figure';

/** What the figures need to know of an input (an InputSpec fits). */
export interface MapSpec {
  name: string;
  width: number;
  height: number;
}

export interface SampleImages {
  display: Readonly<Record<string, DisplayImage>>;
  heatmaps: Readonly<Record<string, ArrayLike<number>>>;
  masks?: Readonly<Record<string, Uint8Array>>;
}

export interface FigureStyle {
  colormap?: ColormapName;
  alpha?: number;
  classes?: readonly string[];
  /** CAM method name, for the titles. */
  method?: string;
}

function heatmapOf(heatmaps: Readonly<Record<string, ArrayLike<number>>>, spec: MapSpec): ArrayLike<number> {
  const map = heatmaps[spec.name];
  if (!map) throw new RangeError(`no heat map for input '${spec.name}'`);
  if (map.length !== spec.width * spec.height) throw new RangeError(`heat map '${spec.name}' has ${map.length} values, expected ${spec.height}×${spec.width}`);
  return map;
}

/** The figure's columns in the order of `specs` (the model config's input order). */
export function figureColumns(specs: readonly MapSpec[], images: SampleImages): FigureColumn[] {
  return specs.map((spec) => {
    const image = images.display[spec.name];
    if (!image) throw new RangeError(`no image for input '${spec.name}'`);
    if (image.width !== spec.width || image.height !== spec.height) throw new RangeError(`image '${spec.name}' is ${image.width}×${image.height}, its heat map ${spec.width}×${spec.height}`);
    return { name: spec.name, image, heatmap: heatmapOf(images.heatmaps, spec), mask: images.masks?.[spec.name] };
  });
}

/** Each heat map as a colormapped PNG at its input's size: `<dir>/<prefix>_<input>.png`. */
export async function writeHeatmapPngs(heatmaps: Readonly<Record<string, ArrayLike<number>>>, specs: readonly MapSpec[], dir: string, prefix: string, colormap: ColormapName = 'jet'): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const written = await Promise.all(
    specs.map(async (spec) => {
      const path = join(dir, `${prefix}_${spec.name}.png`);
      await writeFile(path, await rgbPng({ width: spec.width, height: spec.height, data: applyColormap(heatmapOf(heatmaps, spec), colormap) }));
      return [spec.name, path] as const;
    }),
  );
  return Object.fromEntries(written);
}

/** Renders the combined figure and writes it to `path` (folders created). */
export async function writeSampleFigure(path: string, specs: readonly MapSpec[], images: SampleImages, prediction: PredictionCaption | undefined, style: FigureStyle & { sampleId?: string } = {}): Promise<Buffer> {
  const png = await renderSampleFigure(figureColumns(specs, images), prediction, style);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
  return png;
}

/** The figure and the heat maps of one sample under `saveDir`; returns their paths. */
export async function writeSampleFiles(saveDir: string, sampleId: string, specs: readonly MapSpec[], images: SampleImages, prediction: PredictionCaption, style: FigureStyle = {}): Promise<SamplePaths> {
  const paths = samplePaths(saveDir, sampleId, specs.map((s) => s.name));
  await Promise.all([
    writeSampleFigure(paths.figure, specs, images, prediction, { ...style, sampleId }),
    writeHeatmapPngs(images.heatmaps, specs, paths.heatmapDir, sampleId, style.colormap),
  ]);
  return paths;
}
