import type { VjpRule } from '../rule';

/** Identity passes the gradient through unchanged. */
export const identityGrad: VjpRule = {
  opType: 'Identity',
  differentiableInputs: [0],
  grad: ({ dy }) => [dy],
};
