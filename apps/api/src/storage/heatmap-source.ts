/**
 * What a sample's PNGs are drawn from, stored in one file when the sample is saved: per input, the
 * heat map as colormap indices (8 bits: all that its PNGs keep of it) and the input image as the
 * model saw it. Saving a sample costs one plain write (no PNG encoding, no compression: both cost
 * more than the write on the path of every analyzeSample); the PNGs are drawn when first asked for.
 */
import type { DisplayImage } from 'gradcam-core';
import { LEVELS } from './heatmap-grid';

const MAGIC = Buffer.from('GCHM2');

export interface HeatmapSource {
  /** Values in 0..1 that fall on the same colormap entries as the map stored. */
  heatmap: Float32Array;
  image: DisplayImage;
}

export interface SourceEntry {
  /** The file stem of the input's PNGs (sample-files.ts). */
  stem: string;
  /** The heat map's colormap levels (summariseHeatmap). */
  levels: Uint8Array;
  image: DisplayImage;
}

/** Layout: magic, entry count, per entry (stem length, stem, width, height, channels), then per entry the map and the image. */
export function encodeSampleSource(entries: readonly SourceEntry[]): Buffer {
  const parts: Uint8Array[] = [MAGIC, Uint8Array.of(entries.length)];
  for (const { stem, levels, image } of entries) {
    if (levels.length !== image.width * image.height) throw new RangeError(`a heat map of ${levels.length} values for a ${image.width}×${image.height} image`);
    const head = Buffer.alloc(1 + Buffer.byteLength(stem) + 9);
    head[0] = head.write(stem, 1);
    head.writeUInt32LE(image.width, head.length - 9);
    head.writeUInt32LE(image.height, head.length - 5);
    head[head.length - 1] = image.channels;
    parts.push(head);
  }
  for (const { levels, image } of entries) parts.push(levels, image.data);
  return Buffer.concat(parts);
}

/** The source of one input (by its stem), or undefined when the sample has no such input. */
export function decodeSampleSource(file: Buffer, stem: string): HeatmapSource | undefined {
  if (file.length < MAGIC.length + 1 || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a heat-map source file');
  let at = MAGIC.length + 1;
  let body = 0; // offset of the entry's planes, counted from the end of the headers
  let found: { width: number; height: number; channels: 1 | 3; offset: number } | undefined;
  for (let e = 0; e < file[MAGIC.length]!; e++) {
    const name = file.toString('utf8', at + 1, at + 1 + file[at]!);
    at += 1 + file[at]!;
    const [width, height, channels] = [file.readUInt32LE(at), file.readUInt32LE(at + 4), file[at + 8]];
    if (channels !== 1 && channels !== 3) throw new Error(`a heat-map source with ${channels} image channels`);
    at += 9;
    if (name === stem) found = { width, height, channels, offset: body };
    body += width * height * (1 + channels);
  }
  if (file.length !== at + body) throw new Error(`a heat-map source of ${file.length} bytes, ${at + body} expected`);
  if (!found) return undefined;
  const { width, height, channels } = found;
  const start = at + found.offset;
  const pixels = width * height;
  // The middle of each level maps back onto the same colormap entry.
  const heatmap = Float32Array.from(file.subarray(start, start + pixels), (q) => (q + 0.5) / LEVELS);
  return { heatmap, image: { width, height, channels, data: new Uint8Array(file.subarray(start + pixels, start + pixels * (1 + channels))) } };
}
