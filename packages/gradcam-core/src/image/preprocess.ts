/**
 * Image files -> model input tensors [C,H,W], as gradcam.json describes: decode (PNG, JPEG, TIFF,
 * 8 or 16 bit), convert to the model's channel count, resize to its H×W, scale and normalise.
 * A .npy file is taken as an already-preprocessed float tensor and used as is. Files are read from
 * a path or from bytes in memory (input-file.ts).
 */
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import type { InputSpec } from '../model/config';
import { type InputFile, inputBytes, inputFileName, isNpyInput } from './input-file';
import { npyFloat32, NpyError, parseNpy } from './npy';

export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

/** Images above this many pixels are refused before decoding (decompression bombs). */
export const MAX_INPUT_PIXELS = 10000 * 10000;

export interface PreparedInput {
  /** [C,H,W] float32, normalised. */
  data: Float32Array;
  /** What was done to make the file fit the model, for the user to see (e.g. a resize). */
  notes: string[];
}

function fromNpy(file: InputFile, spec: InputSpec): PreparedInput {
  const path = inputFileName(file);
  let arr;
  try {
    arr = parseNpy(inputBytes(file), path);
  } catch (err) {
    if (err instanceof NpyError) throw new ImageInputError(err.message);
    throw err;
  }
  const want = [spec.channels, spec.height, spec.width];
  const shape = arr.shape.length === 4 && arr.shape[0] === 1 ? arr.shape.slice(1) : arr.shape;
  if (shape.length !== 3 || shape.some((d, i) => d !== want[i]))
    throw new ImageInputError(`${path}: shape [${arr.shape.join(',')}] does not fit input '${spec.name}' [${want.join(',')}] (or [1,${want.join(',')}])`);
  const data = npyFloat32(arr, path);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) throw new ImageInputError(`${path}: contains NaN or infinite values (element ${i})`);
  return { data, notes: [] };
}

async function fromImage(file: InputFile, spec: InputSpec): Promise<PreparedInput> {
  const path = inputFileName(file);
  const source = typeof file === 'string' ? file : file.bytes;
  const notes: string[] = [];
  let meta;
  try {
    meta = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (err) {
    throw new ImageInputError(`${path}: not a readable image (${(err as Error).message})`);
  }
  if (!meta.width || !meta.height) throw new ImageInputError(`${path}: image has no size`);
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw new ImageInputError(`${path}: ${meta.width}×${meta.height} pixels is over the limit of ${MAX_INPUT_PIXELS}`);
  const sixteenBit = meta.depth === 'ushort';
  const grey = spec.channels === 1;
  if (spec.channels !== 1 && spec.channels !== 3) throw new ImageInputError(`input '${spec.name}' takes ${spec.channels} channels; image files fit 1 or 3 — pass a .npy tensor`);
  let pipeline = sharp(source, { limitInputPixels: MAX_INPUT_PIXELS }).removeAlpha();
  if (meta.width !== spec.width || meta.height !== spec.height) {
    notes.push(`${path}: resized from ${meta.width}×${meta.height} to ${spec.width}×${spec.height}`);
    pipeline = pipeline.resize(spec.width, spec.height, { fit: 'fill', kernel: 'linear' });
  }
  if (grey && (meta.channels ?? 1) > 2) notes.push(`${path}: converted to greyscale`);
  pipeline = pipeline.toColourspace(grey ? (sixteenBit ? 'grey16' : 'b-w') : sixteenBit ? 'rgb16' : 'srgb');
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await pipeline.raw({ depth: sixteenBit ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new ImageInputError(`${path}: could not be decoded (${(err as Error).message})`);
  }
  const { channels } = raw.info;
  if (channels !== spec.channels) throw new ImageInputError(`${path}: decoded to ${channels} channels, input '${spec.name}' takes ${spec.channels}`);
  // 16-bit samples are brought to the 0..255 range the config's scale refers to.
  const samples = sixteenBit ? new Uint16Array(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength / 2) : raw.data;
  const toByteRange = sixteenBit ? 255 / 65535 : 1;
  const plane = spec.height * spec.width;
  const data = new Float32Array(spec.channels * plane);
  for (let c = 0; c < spec.channels; c++) {
    const mean = spec.mean[c]!;
    const std = spec.std[c]!;
    for (let p = 0; p < plane; p++) data[c * plane + p] = (samples[p * channels + c]! * toByteRange * spec.scale - mean) / std;
  }
  return { data, notes };
}

export async function prepareInput(file: InputFile, spec: InputSpec): Promise<PreparedInput> {
  if (typeof file === 'string' && !existsSync(file)) throw new ImageInputError(`input file not found: ${file}`);
  return isNpyInput(file) ? fromNpy(file, spec) : fromImage(file, spec);
}
