/**
 * An input image given as a file path, or as bytes already in memory (an upload) with a name to
 * use in messages. Loading from memory spares a server the temp file per uploaded image.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { hasNpyMagic } from './npy';

export type InputFile = string | { name: string; bytes: Uint8Array };

export const inputFileName = (file: InputFile): string => (typeof file === 'string' ? file : file.name);

/** A tensor file: `.npy` by name, or by its magic bytes when in memory. */
export function isNpyInput(file: InputFile): boolean {
  if (typeof file === 'string') return extname(file).toLowerCase() === '.npy';
  return hasNpyMagic(file.bytes);
}

/** The input's bytes: read from its path, or as given. */
export const inputBytes = (file: InputFile): Uint8Array => (typeof file === 'string' ? new Uint8Array(readFileSync(file)) : file.bytes);
