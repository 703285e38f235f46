/**
 * The two PNGs stored per heat map: the map itself, colormapped, and the map blended over its
 * input image. Compression is kept light: these are written on every request, and a smaller file
 * is not worth the latency.
 */
import { applyColormap, type DisplayImage, overlayHeatmap } from 'gradcam-core';
import sharp from 'sharp';

const PNG = { compressionLevel: 3, adaptiveFiltering: false } as const;

function rgbPng(width: number, height: number, rgb: Uint8Array): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } }).png(PNG).toBuffer();
}

export async function heatmapPngs(heatmap: Float32Array, image: DisplayImage): Promise<{ heatmap: Buffer; overlay: Buffer }> {
  const [map, overlay] = await Promise.all([rgbPng(image.width, image.height, applyColormap(heatmap)), rgbPng(image.width, image.height, overlayHeatmap(image, heatmap))]);
  return { heatmap: map, overlay };
}
