/**
 * Image panels for figures: RGB pixels scaled to fit a square box, as sharp composite layers.
 * An input and its overlay are scaled by the same call, so they stay aligned pixel for pixel.
 */
import sharp from 'sharp';

export interface Rgb {
  width: number;
  height: number;
  /** Interleaved RGB [H·W·3]. */
  data: Uint8Array;
}

export interface Layer {
  input: Buffer;
  raw: { width: number; height: number; channels: 3 };
  left: number;
  top: number;
}

/** The size an image takes when fitted into a box×box square, aspect ratio kept. */
export function fitSize(width: number, height: number, box: number): { width: number; height: number } {
  const s = box / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/**
 * Scales an image to fit box×box; bicubic, which keeps a small heat map smooth when enlarged
 * (CAMs are upsampled bilinearly from a coarse layer anyway, so there are no edges to keep).
 */
export async function scaledPanel(image: Rgb, box: number): Promise<Rgb> {
  const size = fitSize(image.width, image.height, box);
  if (size.width === image.width && size.height === image.height) return image;
  const data = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size.width, size.height, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  return { ...size, data };
}

/** A composite layer placing the image with its top-left corner at (left, top). */
export function layer(image: Rgb, left: number, top: number): Layer {
  const input = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { input, raw: { width: image.width, height: image.height, channels: 3 }, left: Math.round(left), top: Math.round(top) };
}

/** A white canvas with the layers (images first, then an SVG text layer) encoded as PNG. */
export async function composePng(width: number, height: number, layers: (Layer | { input: Buffer; left: number; top: number })[]): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite(layers)
    .removeAlpha() // the SVG layer brings an alpha channel; the figure is opaque
    .png()
    .toBuffer();
}

/** A PNG of RGB pixels at their own size (individual heat maps). */
export async function rgbPng(image: Rgb): Promise<Buffer> {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 3 } })
    .png()
    .toBuffer();
}
