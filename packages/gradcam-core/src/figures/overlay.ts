/**
 * A heat map laid over its input image. Like pytorch-grad-cam's `show_cam_on_image`, the result is
 * a convex blend: alpha·colour + (1 − alpha)·image, with alpha = 1 − image_weight (default 0.5).
 * Unlike it, the blend is not divided by its maximum afterwards: the colours then stay the
 * colormap's own (dimmed by the image), so the legend still reads true.
 */
import { applyColormap, type ColormapName } from './colormap';
import { type DisplayImage, displayRgb } from './display';

export interface OverlayOptions {
  /** Weight of the heat map colour, 0..1 (default 0.5). */
  alpha?: number;
  colormap?: ColormapName;
  /** A region mask [H·W] (non-zero = inside) whose outline is drawn in white. */
  mask?: Uint8Array;
}

export const DEFAULT_ALPHA = 0.5;

/** Interleaved RGB [H·W·3] of the image with the heat map [H·W] blended over it. */
export function overlayHeatmap(image: DisplayImage, heatmap: ArrayLike<number>, options: OverlayOptions = {}): Uint8Array {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`overlay alpha must be in 0..1, got ${alpha}`);
  const plane = image.width * image.height;
  if (heatmap.length !== plane) throw new RangeError(`heat map has ${heatmap.length} values, the image ${image.width}×${image.height} pixels`);
  const colour = applyColormap(heatmap, options.colormap);
  const base = displayRgb(image);
  const out = new Uint8Array(plane * 3);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(alpha * colour[i]! + (1 - alpha) * base[i]!);
  if (options.mask) drawOutline(out, options.mask, image.width, image.height);
  return out;
}

/** Marks in white the mask pixels that touch a pixel outside the mask (or the border). */
export function drawOutline(rgb: Uint8Array, mask: Uint8Array, width: number, height: number): void {
  if (mask.length !== width * height) throw new RangeError(`mask has ${mask.length} values, the image ${width}×${height} pixels`);
  const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] !== 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inside(x, y)) continue;
      if (inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1)) continue;
      rgb.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
}
