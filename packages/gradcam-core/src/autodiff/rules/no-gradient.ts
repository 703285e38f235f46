import type { VjpRule } from '../rule';

/**
 * "No gradient flows through this op": its outputs are integers, booleans or piecewise constant
 * in its inputs. The walker does not follow any of its inputs, so shape arithmetic computed from
 * a differentiated value (Shape → Gather → Concat → Reshape) is never differentiated.
 */
export const noGradient = (opType: string): VjpRule => ({
  opType,
  differentiableInputs: [],
  grad: () => [],
});

export const noGradientRules: readonly VjpRule[] = [
  'And',
  'ArgMax',
  'ArgMin',
  'Ceil',
  'Constant',
  'ConstantOfShape',
  'Equal',
  'Floor',
  'Greater',
  'GreaterOrEqual',
  'IsInf',
  'IsNaN',
  'Less',
  'LessOrEqual',
  'NonZero',
  'Not',
  'Or',
  'Range',
  'Round',
  'Shape',
  'Sign',
  'Size',
  'Xor',
].map(noGradient);
