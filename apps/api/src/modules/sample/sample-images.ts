/**
 * The images of an analyzeSample request as the engine loads them: paths are checked against the
 * data root; base64 payloads are decoded in memory, named in messages as "the base64 image for
 * '<input>'".
 */
import type { InputFile } from 'gradcam-core';
import { badInput } from '../../errors/api-error';
import type { DataRoot } from '../../storage/data-root';
import type { ImageInput } from './analyze-sample.input';

/** Per image, after base64 decoding. */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

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

/** Input name -> file: a path under the data root, or the decoded bytes of a base64 image. */
export function sampleFiles(images: readonly ImageInput[], dataRoot: DataRoot): Record<string, InputFile> {
  const files: Record<string, InputFile> = {};
  for (const image of images) {
    files[image.input] = image.path
      ? dataRoot.resolve(image.path, `image for '${image.input}'`)
      : { name: `the base64 image for '${image.input}'`, bytes: decodeBase64(image.base64!, image.input) };
  }
  return files;
}
