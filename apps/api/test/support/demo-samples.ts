/** The demo model's bundled samples (models/demo/samples), as analyzeSample images. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/config/repo-root';

export const DEMO_INPUTS = ['mnv', 'fluid', 'ga', 'drusen'] as const;
export const DEMO_SAMPLES_DIR = join(repoRoot(), 'models/demo/samples');

/** Paths relative to the default data root (models/). */
export function demoImagePaths(id: string): { input: string; path: string }[] {
  return DEMO_INPUTS.map((input) => ({ input, path: `demo/samples/images/${id}_${input}.png` }));
}

export function demoImagesBase64(id: string): { input: string; base64: string }[] {
  return DEMO_INPUTS.map((input) => ({ input, base64: readFileSync(join(DEMO_SAMPLES_DIR, 'images', `${id}_${input}.png`)).toString('base64') }));
}
