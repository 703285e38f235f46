/**
 * Region masks (e.g. a grader's outline of the lesion on an input) and how much of a heat map
 * falls inside them. The measure is the energy-based pointing game of Score-CAM (Wang et al.,
 * 2020, §5.2): Σ_{p∈mask} L(p) / Σ_p L(p) for the normalised map L — 1 when all of the map's
 * mass lies in the region, the region's area fraction when the map is uniform.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import sharp from 'sharp';
import { ImageInputError, MAX_INPUT_PIXELS } from '../image/preprocess';
import { npyFloat32, readNpy } from '../image/npy';

/**
 * A mask file at an input's size, as 0/1 bytes [H·W]. Image masks (any channels) are resized
 * with nearest-neighbour, so labels stay crisp, and every non-zero pixel is inside; .npy masks
 * ([H,W], [1,H,W] or [1,1,H,W], not resized) are inside where the value is ≥ 0.5.
 */
export async function loadMask(path: string, width: number, height: number): Promise<Uint8Array> {
  if (!existsSync(path)) throw new ImageInputError(`mask file not found: ${path}`);
  if (extname(path).toLowerCase() === '.npy') {
    const arr = readNpy(path);
    const dims = arr.shape.filter((d, i) => !(d === 1 && i < arr.shape.length - 2));
    if (dims.length !== 2 || dims[0] !== height || dims[1] !== width) throw new ImageInputError(`${path}: mask shape [${arr.shape.join(',')}] is not [${height},${width}]`);
    const data = npyFloat32(arr, path);
    return binarise(data, (v) => v >= 0.5);
  }
  let raw: Buffer;
  try {
    raw = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS })
      .removeAlpha()
      .resize(width, height, { fit: 'fill', kernel: 'nearest' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
  } catch (err) {
    throw new ImageInputError(`${path}: not a readable mask image (${(err as Error).message})`);
  }
  return binarise(raw, (v) => v !== 0);
}

/** 0/1 bytes by a plain loop: Uint8Array.from(x, fn) walks an iterator per element, ~50× slower. */
function binarise(values: ArrayLike<number>, inside: (v: number) => boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = inside(values[i]!) ? 1 : 0;
  return out;
}

/** Share of the map's total inside the mask; null for an all-zero map (there is nothing to share). */
export function maskEnergy(heatmap: ArrayLike<number>, mask: Uint8Array): number | null {
  if (heatmap.length !== mask.length) throw new RangeError(`heat map has ${heatmap.length} values, the mask ${mask.length}`);
  let inside = 0;
  let total = 0;
  for (let p = 0; p < heatmap.length; p++) {
    const v = Math.max(0, heatmap[p]!);
    total += v;
    if (mask[p]) inside += v;
  }
  return total > 0 ? inside / total : null;
}
