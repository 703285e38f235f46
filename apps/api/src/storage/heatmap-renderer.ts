/**
 * Draws an input's three PNGs from its sample's heat-map source, once: the first request for any of them
 * renders all three and keeps them beside the source, so later requests are plain file reads.
 * Each PNG lands by rename, so a reader never sees half a file; renders of one stem in flight
 * at the same time are shared.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSampleSource } from './heatmap-source';
import { heatmapPngs } from './heatmap-images';
import { heatmapFile, imageFile, overlayFile, SOURCE_FILE } from './sample-files';

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(path, '..', `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

export class HeatmapRenderer {
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly root: string) {}

  /** Renders the stem's PNGs in `folder` (relative to the root); false when it has no source. */
  render(folder: string, stem: string): Promise<boolean> {
    const key = `${folder}/${stem}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.draw(join(this.root, folder), stem).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async draw(dir: string, stem: string): Promise<boolean> {
    const file = await readFile(join(dir, SOURCE_FILE)).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
    const source = file && decodeSampleSource(file, stem);
    if (!source) return false;
    const { heatmap, image } = source;
    const pngs = await heatmapPngs(heatmap, image);
    await Promise.all([
      writeAtomically(join(dir, heatmapFile(stem)), pngs.heatmap),
      writeAtomically(join(dir, overlayFile(stem)), pngs.overlay),
      writeAtomically(join(dir, imageFile(stem)), pngs.image),
    ]);
    return true;
  }
}
