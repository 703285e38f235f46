/**
 * A tiny one-input image classifier written in the test: x [N,1,8,8] → Conv → `feat` → `middleOp`
 * → GlobalAveragePool → Flatten → logits [N,2]. With `middleOp` an op the engine has no gradient
 * rule for, the model loads but cannot be explained.
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

/** The gradcam.json that describes tinyClassifier(). */
export const TINY_CONFIG = {
  inputs: [{ name: 'x', channels: 1, height: 8, width: 8, scale: 1 / 255, mean: [0], std: [1] }],
  output: 'logits',
  outputKind: 'logits',
  classes: ['a', 'b'],
  targetLayers: { x: 'feat' },
};
