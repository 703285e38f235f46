/**
 * The images of an analyzeSample request as files the engine can load: paths are checked against
 * the data root; base64 payloads are written to a private temp folder (the engine decodes files),
 * removed again by `cleanup`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badInput } from '../../errors/api-error';
import type { DataRoot } from '../../storage/data-root';
import type { ImageInput } from './analyze-sample.input';

/** Per image, after base64 decoding. */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export interface SampleFiles {
  /** Input name -> file. */
  files: Record<string, string>;
  /** Temp file -> how to name it in an error message. */
  aliases: Map<string, string>;
  cleanup(): Promise<void>;
}

function decodeBase64(text: string, input: string): Buffer {
  const payload = text.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  // The decoded size follows from the length: an oversized image is refused before it is decoded.
  const size = Math.floor((payload.length * 3) / 4) - (payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0);
  if (size > MAX_IMAGE_BYTES) throw badInput(`image for '${input}' is ${size} bytes, over the limit of ${MAX_IMAGE_BYTES}`);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload)) throw badInput(`image for '${input}': base64 is not valid`);
  const bytes = Buffer.from(payload, 'base64');
  if (bytes.length === 0) throw badInput(`image for '${input}': base64 is empty`);
  return bytes;
}

export function checkImageInputs(images: readonly ImageInput[], inputs: readonly string[]): void {
  const seen = new Set<string>();
  for (const image of images) {
    if (!inputs.includes(image.input)) throw badInput(`'${image.input}' is not an input of the model (${inputs.join(', ')})`);
    if (seen.has(image.input)) throw badInput(`two images for input '${image.input}'`);
    seen.add(image.input);
    if ((image.base64 === undefined || image.base64 === null) === (image.path === undefined || image.path === null)) throw badInput(`image for '${image.input}': give exactly one of base64 or path`);
  }
  const missing = inputs.filter((i) => !seen.has(i));
  if (missing.length) throw badInput(`no image for input(s) ${missing.join(', ')}`);
}

export async function sampleFiles(images: readonly ImageInput[], dataRoot: DataRoot): Promise<SampleFiles> {
  const files: Record<string, string> = {};
  const aliases = new Map<string, string>();
  let dir: string | undefined;
  const cleanup = async (): Promise<void> => {
    if (dir) await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const [i, image] of images.entries()) {
      if (image.path) {
        files[image.input] = dataRoot.resolve(image.path, `image for '${image.input}'`);
        continue;
      }
      const bytes = decodeBase64(image.base64!, image.input);
      dir ??= await mkdtemp(join(tmpdir(), 'gradcam-upload-'));
      const file = join(dir, `${i}${bytes.subarray(0, NPY_MAGIC.length).equals(NPY_MAGIC) ? '.npy' : '.img'}`);
      await writeFile(file, bytes);
      files[image.input] = file;
      aliases.set(file, `the base64 image for '${image.input}'`);
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { files, aliases, cleanup };
}
