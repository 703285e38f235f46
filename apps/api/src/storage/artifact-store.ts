/**
 * A sample's heat-map files on local disk, `<root>/runs/<runId>/<sampleId>/<file>` (names in
 * sample-files.ts), served read-only under /artifacts/ with the same relative path. A sample's
 * files live in its own folder, so a failed sample (or a deleted run) is removed with one folder.
 */
import { constants } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ApiError } from '../errors/api-error';

export const ARTIFACTS_PREFIX = '/artifacts';

const STORAGE_PROBLEMS: Record<string, string> = {
  ENOSPC: "the artifact folder's disk is full (ENOSPC)",
  EDQUOT: "the artifact folder's disk quota is used up (EDQUOT)",
  EROFS: 'the artifact folder is on a read-only file system (EROFS)',
  EACCES: 'the artifact folder is not writable by the API (EACCES)',
  EPERM: 'the artifact folder is not writable by the API (EPERM)',
};

/** `mkdir -p` answers ENOENT where it cannot make a parent; the nearest folder that exists says why. */
async function realCause(err: NodeJS.ErrnoException, dir: string): Promise<NodeJS.ErrnoException> {
  if (err.code !== 'ENOENT') return err;
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    const denied = await access(d, constants.W_OK).then(() => 'writable' as const, (e: NodeJS.ErrnoException) => e);
    if (denied === 'writable') return err;
    if (denied.code !== 'ENOENT') return denied;
  }
  return err;
}

const storageProblem = (err: NodeJS.ErrnoException): string => (err.code && STORAGE_PROBLEMS[err.code]) ?? `the artifact folder cannot be written (${err.code ?? err.message})`;

export class ArtifactStore {
  constructor(readonly root: string) {}

  private runDir(runId: string): string {
    return join(this.root, 'runs', runId);
  }

  /** The URL a sample's file is served at (known before it is written). */
  urlOf(runId: string, sampleId: string, name: string): string {
    return `${ARTIFACTS_PREFIX}/runs/${runId}/${sampleId}/${encodeURIComponent(name)}`;
  }

  /**
   * Writes a sample's files (name -> bytes). Leaves nothing behind when a write fails, and says
   * why in words a client can act on (ARTIFACT_STORAGE), without the server's paths.
   */
  async writeSample(runId: string, sampleId: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const dir = join(this.runDir(runId), sampleId);
    try {
      await mkdir(dir, { recursive: true });
      await Promise.all([...files].map(([name, bytes]) => writeFile(join(dir, name), bytes)));
    } catch (err) {
      // On a read-only or vanished folder the clean-up fails too; the write's error is the news.
      await this.removeSample(runId, sampleId).catch(() => undefined);
      const cause = await realCause(err as NodeJS.ErrnoException, dir);
      throw new ApiError(`the heat maps could not be stored: ${storageProblem(cause)}; nothing was saved`, 'ARTIFACT_STORAGE', { cause: err });
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
