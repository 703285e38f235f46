/**
 * One sample's files -> what an analysis needs: the model input tensors, the images to show in
 * its figures, and any region masks. Inputs are decoded concurrently (sharp works on libuv's
 * thread pool), so loading overlaps with whatever else is awaiting.
 */
import { type DisplayImage, displayFromNormalised, displayFromTensor } from '../figures/display';
import { type InputFile, isNpyInput } from '../image/input-file';
import { prepareInput } from '../image/preprocess';
import type { InputSpec } from '../model/config';
import type { InputTensor } from '../runtime/engine';
import { loadMask } from './mask';

export interface LoadedSample {
  /** Input name -> [1,C,H,W]. */
  inputs: Record<string, InputTensor>;
  display: Record<string, DisplayImage>;
  masks: Record<string, Uint8Array>;
  /** What was done to make files fit (resizes, greyscale conversions). */
  notes: string[];
}

/** Image files are shown as decoded; tensors from .npy files are min-max stretched for display. */
function displayOf(file: InputFile, data: Float32Array, spec: InputSpec): DisplayImage {
  return isNpyInput(file) ? displayFromTensor(data, spec.height, spec.width) : displayFromNormalised(data, spec);
}

/** Loads every input of `specs` from `files` (input name -> path, or bytes in memory) and the masks given. */
export async function loadSampleFiles(specs: readonly InputSpec[], files: Readonly<Record<string, InputFile>>, masks: Readonly<Record<string, string>> = {}): Promise<LoadedSample> {
  const sample: LoadedSample = { inputs: {}, display: {}, masks: {}, notes: [] };
  const notes: string[][] = [];
  await Promise.all(
    specs.map(async (spec, i) => {
      const file = files[spec.name];
      if (!file) throw new RangeError(`no file for input '${spec.name}'`);
      const maskPath = masks[spec.name];
      const [prepared, mask] = await Promise.all([prepareInput(file, spec), maskPath ? loadMask(maskPath, spec.width, spec.height) : undefined]);
      sample.inputs[spec.name] = { data: prepared.data, dims: [1, spec.channels, spec.height, spec.width] };
      sample.display[spec.name] = displayOf(file, prepared.data, spec);
      if (mask) sample.masks[spec.name] = mask;
      notes[i] = prepared.notes; // kept in input order, whatever finishes first
    }),
  );
  sample.notes = notes.flat();
  return sample;
}
