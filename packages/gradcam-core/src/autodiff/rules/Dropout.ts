import type { VjpRule } from '../rule';

/**
 * Dropout at inference is the identity (ONNX: training_mode defaults to false, and exported
 * eval-mode models never set it), so the gradient passes through. The mask output has none.
 */
export const dropoutGrad: VjpRule = {
  opType: 'Dropout',
  differentiableInputs: [0],
  grad: ({ dy }) => [dy],
};
