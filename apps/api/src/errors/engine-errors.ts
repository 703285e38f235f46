/**
 * The engine's errors that describe the caller's input (a bad image, an unknown class, layer or
 * method, a model that cannot be read or differentiated) become BAD_USER_INPUT; any other error passes unchanged.
 */
import { ImageInputError, InputError, LayoutError, ManifestError, ModelConfigError, ModelLoadError, OnnxFormatError, TaskMismatchError, UnknownLayerError, UnknownMethodError, UnsupportedOpError } from 'gradcam-core';
import { badInput } from './api-error';

const CALLER_ERRORS = [ImageInputError, InputError, LayoutError, ManifestError, ModelConfigError, ModelLoadError, OnnxFormatError, TaskMismatchError, UnknownLayerError, UnknownMethodError, UnsupportedOpError];

export function isCallerError(err: unknown): err is Error {
  return CALLER_ERRORS.some((kind) => err instanceof kind);
}

export function asApiError(err: unknown): unknown {
  return isCallerError(err) ? badInput(err.message, err) : err;
}

/** Runs `work`; the engine's input errors come out as BAD_USER_INPUT. */
export async function engineCall<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asApiError(err);
  }
}
