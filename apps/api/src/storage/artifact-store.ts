/**
 * Heat-map PNGs on local disk: `<root>/runs/<runId>/<sampleId>/<file>.png`, served read-only
 * under /artifacts/ with the same relative path. A sample's files live in its own folder, so a
 * failed sample (or a deleted run) is removed with one folder.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ARTIFACTS_PREFIX = '/artifacts';

export class ArtifactStore {
  constructor(readonly root: string) {}

  private runDir(runId: string): string {
    return join(this.root, 'runs', runId);
  }

  /** The URL a sample's file is served at (known before it is written). */
  urlOf(runId: string, sampleId: string, name: string): string {
    return `${ARTIFACTS_PREFIX}/runs/${runId}/${sampleId}/${encodeURIComponent(name)}`;
  }

  /** Writes a sample's files (name -> bytes). Leaves nothing behind when a write fails. */
  async writeSample(runId: string, sampleId: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const dir = join(this.runDir(runId), sampleId);
    await mkdir(dir, { recursive: true });
    try {
      await Promise.all([...files].map(([name, bytes]) => writeFile(join(dir, name), bytes)));
    } catch (err) {
      await this.removeSample(runId, sampleId);
      throw err;
    }
  }

  removeSample(runId: string, sampleId: string): Promise<void> {
    return rm(join(this.runDir(runId), sampleId), { recursive: true, force: true });
  }

  removeRun(runId: string): Promise<void> {
    return rm(this.runDir(runId), { recursive: true, force: true });
  }

  /** The file behind an artifact URL (for tests and tools). */
  pathOf(url: string): string {
    if (!url.startsWith(`${ARTIFACTS_PREFIX}/`)) throw new RangeError(`not an artifact URL: ${url}`);
    return join(this.root, ...url.slice(ARTIFACTS_PREFIX.length + 1).split('/').map(decodeURIComponent));
  }
}
