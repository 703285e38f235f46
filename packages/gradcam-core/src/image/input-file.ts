/**
 * An input image given as a file path, or as bytes already in memory (an upload) with a name to
 * use in messages. Loading from memory spares a server the temp file per uploaded image.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

export type InputFile = string | { name: string; bytes: Uint8Array };

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export const inputFileName = (file: InputFile): string => (typeof file === 'string' ? file : file.name);

/** A tensor file: `.npy` by name, or by its magic bytes when in memory. */
export function isNpyInput(file: InputFile): boolean {
  if (typeof file === 'string') return extname(file).toLowerCase() === '.npy';
  return NPY_MAGIC.every((b, i) => file.bytes[i] === b);
}

/** The input's bytes: read from its path, or as given. */
export const inputBytes = (file: InputFile): Uint8Array => (typeof file === 'string' ? new Uint8Array(readFileSync(file)) : file.bytes);
