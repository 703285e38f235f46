/** The CAM methods by name. */
import { eigenCam } from './eigen-cam';
import { ablationCam } from './forward/ablation-cam';
import { scoreCam } from './forward/score-cam';
import { gradCam } from './grad-cam';
import { gradCamPlusPlus } from './grad-cam-plus-plus';
import { hiResCam } from './hires-cam';
import { layerCam } from './layer-cam';
import type { CamMethod } from './method';
import { xGradCam } from './xgrad-cam';

export const CAM_METHODS: ReadonlyMap<string, CamMethod> = new Map([gradCam, gradCamPlusPlus, xGradCam, hiResCam, layerCam, eigenCam, scoreCam, ablationCam].map((m) => [m.name, m]));

export class UnknownMethodError extends Error {
  override name = 'UnknownMethodError';
}

export function camMethod(name: string): CamMethod {
  const m = CAM_METHODS.get(name);
  if (!m) throw new UnknownMethodError(`unknown CAM method '${name}' (available: ${[...CAM_METHODS.keys()].join(', ')})`);
  return m;
}
