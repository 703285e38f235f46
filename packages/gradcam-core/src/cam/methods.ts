/** The CAM methods by name. */
import { gradCam } from './grad-cam';
import type { CamMethod } from './method';

export const CAM_METHODS: ReadonlyMap<string, CamMethod> = new Map([gradCam].map((m) => [m.name, m]));

export class UnknownMethodError extends Error {
  override name = 'UnknownMethodError';
}

export function camMethod(name: string): CamMethod {
  const m = CAM_METHODS.get(name);
  if (!m) throw new UnknownMethodError(`unknown CAM method '${name}' (available: ${[...CAM_METHODS.keys()].join(', ')})`);
  return m;
}
