/**
 * The names of a sample's files in its artifact folder: the heat maps' source (one file, written
 * when the sample is stored) and per input the three PNGs drawn from it (heat map, overlay, input
 * image).
 */
import { UUID_PATTERN } from '../db/uuid';

/** Input names safe as file names as they are. */
const STEM_PATTERN = '[A-Za-z0-9_-]{1,64}';
const SAFE_STEM = new RegExp(`^${STEM_PATTERN}$`);

/** A file name for an input's files: the name itself when it is safe, else by position. */
export function fileStem(input: string, index: number): string {
  return SAFE_STEM.test(input) ? input : `input${index}`;
}

export const SOURCE_FILE = 'heatmaps.bin';
export const heatmapFile = (stem: string): string => `${stem}.png`;
export const overlayFile = (stem: string): string => `${stem}_overlay.png`;
export const imageFile = (stem: string): string => `${stem}_image.png`;

const PNG_PATH = new RegExp(`^/runs/(${UUID_PATTERN})/(${UUID_PATTERN})/(${STEM_PATTERN}?)(?:_overlay|_image)?\\.png$`);

/** The folder (relative to the artifact root) and stem behind a PNG's path, if it names one. */
export function pngTarget(path: string): { folder: string; stem: string } | undefined {
  const m = PNG_PATH.exec(path);
  return m ? { folder: `runs/${m[1]}/${m[2]}`, stem: m[3]! } : undefined;
}
