/**
 * A tiny one-input image classifier written in the test: x [N,1,8,8] → Conv → `feat` → `middleOp`
 * → GlobalAveragePool → Flatten → logits [N,2]. With `middleOp` an op the engine has no gradient
 * rule for, the model loads but cannot be explained.
 *
 * tinyHead(task): the same shape of model for the other heads, x → Conv(w, b) → `feat` →
 * GlobalAveragePool → Flatten → scores [N,K], each output channel's weights all slope/9, so that
 * score k = slope_k · m + bias_k with m the mean of x's 3×3 window means (tinyScores): a test
 * chooses the predictions by the values it writes.
 */
import { encodeModel } from 'gradcam-core';

const FLOAT = 1;

function floats(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function node(opType: string, inputs: string[], outputs: string[]) {
  return { name: `${opType.toLowerCase()}_${outputs[0]}`, opType, domain: '', inputs, outputs, attributes: [], extra: [] };
}

export function tinyClassifier(options: { middleOp?: string; inputShape?: (number | string)[] } = {}): Uint8Array {
  const middle = options.middleOp ?? 'Relu';
  const weights = { name: 'w', dims: [2, 1, 3, 3], dataType: FLOAT, raw: floats(Array.from({ length: 18 }, (_, i) => (i % 5) / 10 - 0.2)), extra: [] };
  return encodeModel({
    irVersion: 7,
    opsetImports: [{ domain: '', version: 13 }],
    extra: [],
    graph: {
      name: 'tiny',
      nodes: [node('Conv', ['x', 'w'], ['feat']), node(middle, ['feat'], ['mid']), node('GlobalAveragePool', ['mid'], ['pooled']), node('Flatten', ['pooled'], ['logits'])],
      initializers: [weights],
      inputs: [{ name: 'x', elemType: FLOAT, shape: options.inputShape ?? ['N', 1, 8, 8], extra: [] }],
      outputs: [{ name: 'logits', elemType: FLOAT, shape: ['N', 2], extra: [] }],
      valueInfo: [],
      extra: [],
    },
  });
}

export type TinyTask = 'binary' | 'multilabel' | 'regression';

/** Per head: output slopes and biases, and the names gradcam.json gives the outputs. */
export const TINY_HEADS: Record<TinyTask, { slopes: number[]; bias: number[]; classes: string[] }> = {
  // z = m − 0.5: positive from m = 0.5.
  binary: { slopes: [1], bias: [-0.5], classes: ['healthy', 'disease'] },
  // z0 = m − 0.5, z1 = 0.3 − m, z2 = 0.5·m − 0.1: label 0 from m = 0.5, label 1 below 0.3, label 2 from 0.2.
  multilabel: { slopes: [1, -1, 0.5], bias: [-0.5, 0.3, -0.1], classes: ['drusen', 'fluid', 'atrophy'] },
  regression: { slopes: [2, -1], bias: [1, 0], classes: ['severity', 'area'] },
};

export function tinyHead(task: TinyTask): Uint8Array {
  const { slopes, bias } = TINY_HEADS[task];
  const k = slopes.length;
  const weights = { name: 'w', dims: [k, 1, 3, 3], dataType: FLOAT, raw: floats(slopes.flatMap((s) => Array<number>(9).fill(s / 9))), extra: [] };
  const b = { name: 'b', dims: [k], dataType: FLOAT, raw: floats(bias), extra: [] };
  return encodeModel({
    irVersion: 7,
    opsetImports: [{ domain: '', version: 13 }],
    extra: [],
    graph: {
      name: `tiny-${task}`,
      nodes: [node('Conv', ['x', 'w', 'b'], ['feat']), node('GlobalAveragePool', ['feat'], ['pooled']), node('Flatten', ['pooled'], ['scores'])],
      initializers: [weights, b],
      inputs: [{ name: 'x', elemType: FLOAT, shape: ['N', 1, 8, 8], extra: [] }],
      outputs: [{ name: 'scores', elemType: FLOAT, shape: ['N', k], extra: [] }],
      valueInfo: [],
      extra: [],
    },
  });
}

/** The gradcam.json of tinyHead(task). */
export function tinyHeadConfig(task: TinyTask) {
  return { ...TINY_CONFIG, output: 'scores', task, classes: TINY_HEADS[task].classes };
}

/** tinyHead(task)'s raw scores for an 8×8 input (row-major): the float64 reference of the graph. */
export function tinyScores(task: TinyTask, x: ArrayLike<number>): number[] {
  let m = 0;
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) for (let di = 0; di < 3; di++) for (let dj = 0; dj < 3; dj++) m += x[(i + di) * 8 + j + dj]!;
  m /= 36 * 9;
  const { slopes, bias } = TINY_HEADS[task];
  return slopes.map((s, k) => s * m + bias[k]!);
}

/** The gradcam.json that describes tinyClassifier(). */
export const TINY_CONFIG = {
  inputs: [{ name: 'x', channels: 1, height: 8, width: 8, scale: 1 / 255, mean: [0], std: [1] }],
  output: 'logits',
  outputKind: 'logits',
  classes: ['a', 'b'],
  targetLayers: { x: 'feat' },
};
