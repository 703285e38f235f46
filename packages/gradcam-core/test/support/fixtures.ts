/** Reads the PyTorch reference fixtures written by tools/make_fixtures.py. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { npyFloat32, readNpy } from '../../src/image/npy';
import type { InputTensor } from '../../src/runtime/engine';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const FIXTURE_MODELS = ['effnet4', 'resnet_mlp', 'mobilenetv3_softmax'] as const;
/** tools/make_zoo_fixtures.py's families, under fixtures/zoo/. */
export const ZOO_MODELS = [
  'vit', 'retfound', 'swin', 'deit', 'binary', 'multilabel', 'regression', 'convnext', 'efficientformer', 'levit',
  'mobilevit', 'coatnet', 'maxvit', 'swinv2',
] as const;

export interface ReferenceCase {
  name: string;
  dir: string;
  batch: number;
  targets: number[];
  predicted: number[];
  /** Multi-label heads: the labels above 0.5 per row; binary and multi-label: the probabilities per row. */
  predictedLabels?: number[][];
  probabilities?: number[][];
  camRaw: Record<string, { min: number[]; max: number[] }>;
  /** The other CAM methods, by name: raw-map extremes per input (their maps are cam_<method>_<input>). */
  methods: Record<string, { camRaw: Record<string, { min: number[]; max: number[] }> }>;
}

export interface Reference {
  model: string;
  opset: number;
  inputs: { name: string; shape: (number | string)[] }[];
  /** The head's task (zoo fixtures; 'classification' is softmax or as exported). */
  task?: string;
  targetLayers: { input: string; tensor: string; layout?: 'tokens' | 'nhwc' | 'nchw'; grid?: [number, number]; prefixTokens?: number }[];
  cases: ReferenceCase[];
}

export function readReference(model: string): Reference {
  return JSON.parse(readFileSync(join(FIXTURES, model, 'reference.json'), 'utf8')) as Reference;
}

export function caseArray(model: string, c: ReferenceCase, file: string): InputTensor {
  const a = readNpy(join(FIXTURES, model, c.dir, `${file}.npy`));
  return { data: npyFloat32(a, file), dims: a.shape };
}

/** A final map [N,H,W] stored as uint16 fixed point (q / 65535): another method's, or Grad-CAM's (method 'gradcam') in the zoo. */
export function caseMap(model: string, c: ReferenceCase, method: string, input: string): InputTensor {
  const file = `cam_${method}_${input}`;
  const a = readNpy(join(FIXTURES, model, c.dir, `${file}.npy`));
  if (!(a.data instanceof Uint16Array)) throw new Error(`${file}.npy holds ${a.dtype}, not uint16`);
  return { data: Float32Array.from(a.data, (q) => q / 65535), dims: a.shape };
}

export function caseInputs(model: string, ref: Reference, c: ReferenceCase): Record<string, InputTensor> {
  return Object.fromEntries(ref.inputs.map((i) => [i.name, caseArray(model, c, `input_${i.name}`)]));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** ‖a − b‖ / ‖b‖ */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}
