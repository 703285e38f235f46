/**
 * The PNGs stored per heat map: the map itself, colormapped (jet); the map blended over its input
 * image; and the input image as the model saw it. They are drawn when first requested, so the
 * colormap is computed once and reused for the overlay, blended as gradcam-core's overlayHeatmap
 * does at its default alpha of 0.5 (round(0.5·colour + 0.5·image); a test holds the two equal).
 */
import { applyColormap, type DisplayImage } from 'gradcam-core';
import { encodePng } from './png';

/** round((c + g) / 2) on bytes; the image is grey (1 channel) or RGB. */
export function blendHalf(colour: Uint8Array, image: DisplayImage): Uint8Array {
  const out = new Uint8Array(colour.length);
  const { data } = image;
  if (image.channels === 3) {
    for (let i = 0; i < colour.length; i++) out[i] = (colour[i]! + data[i]! + 1) >> 1;
    return out;
  }
  for (let p = 0, i = 0; p < data.length; p++, i += 3) {
    const g = data[p]! + 1;
    out[i] = (colour[i]! + g) >> 1;
    out[i + 1] = (colour[i + 1]! + g) >> 1;
    out[i + 2] = (colour[i + 2]! + g) >> 1;
  }
  return out;
}

export async function heatmapPngs(heatmap: Float32Array, image: DisplayImage): Promise<{ heatmap: Buffer; overlay: Buffer; image: Buffer }> {
  const colour = applyColormap(heatmap);
  const { width, height } = image;
  const [map, overlay, input] = await Promise.all([encodePng(width, height, 3, colour), encodePng(width, height, 3, blendHalf(colour, image)), encodePng(width, height, image.channels, image.data)]);
  return { heatmap: map, overlay, image: input };
}
