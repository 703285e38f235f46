/**
 * Server-side paths given by clients (models, images, manifests) must name something under the
 * configured data root: resolved, symlinks followed, and refused when they lead outside it.
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { badInput } from '../errors/api-error';

export class DataRoot {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = existsSync(dir) ? realpathSync(dir) : resolve(dir);
  }

  /** The absolute, real path of `path` (absolute, or relative to the root); BAD_USER_INPUT outside the root or missing. */
  resolve(path: string, what = 'path'): string {
    if (!path || path.includes('\0')) throw badInput(`${what} is empty or invalid`);
    const candidate = resolve(this.dir, path);
    if (!this.contains(candidate)) throw badInput(`${what} '${path}' is outside the data root`);
    if (!existsSync(candidate)) throw badInput(`${what} '${path}' does not exist under the data root`);
    const real = realpathSync(candidate);
    if (!this.contains(real)) throw badInput(`${what} '${path}' is outside the data root`);
    return real;
  }

  /** `absolute` relative to the root (how paths are stored, so that workers may mount the root elsewhere). */
  relative(absolute: string): string {
    return relative(this.dir, absolute) || '.';
  }

  private contains(absolute: string): boolean {
    const rel = relative(this.dir, absolute);
    return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
  }
}
