/**
 * Where results go, exactly as the guide's "Output Files Structure":
 *
 *   gradcam_results_20241113_143022/
 *   ├── <id>_gradcam_visualization.png   combined figure
 *   ├── <id>_heatmaps/<id>_<input>.png    one colormapped heat map per input
 *   └── summary_visualization.png         batch mode only
 */
import { join, resolve } from 'node:path';
import { InputError } from '../runtime/engine';

export const SUMMARY_FILE = 'summary_visualization.png';

export interface SamplePaths {
  figure: string;
  heatmapDir: string;
  /** Input name -> heat map PNG. */
  heatmaps: Record<string, string>;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `gradcam_results_YYYYMMDD_HHMMSS` in local time (as the guide's `datetime.now()`), under `base`. */
export function defaultSaveDir(now: Date = new Date(), base: string = process.cwd()): string {
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}_${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return resolve(base, `gradcam_results_${stamp}`);
}

/** A sample id becomes part of file names, so it must not be able to leave the save folder. */
export function checkSampleId(id: string): void {
  if (id === '' || id === '.' || id === '..' || /[/\\\0]/.test(id)) throw new InputError(`sample id '${id}' cannot be used in a file name (no '/', '\\', and not empty, '.' or '..')`);
}

export function samplePaths(saveDir: string, sampleId: string, inputNames: readonly string[]): SamplePaths {
  checkSampleId(sampleId);
  const heatmapDir = join(saveDir, `${sampleId}_heatmaps`);
  return {
    figure: join(saveDir, `${sampleId}_gradcam_visualization.png`),
    heatmapDir,
    heatmaps: Object.fromEntries(inputNames.map((name) => [name, join(heatmapDir, `${sampleId}_${name}.png`)])),
  };
}
