/**
 * The model's head as the compiled graph reads it, per task (model/config.ts): the probabilities
 * it reports, the classes a seed row names, and the gradient that a seed row sends into the
 * score output. A seed row names the classes to explain; an all-zero row means "the predicted
 * class", resolved in the graph so the default needs no second run.
 *
 *             scores   classes (seed width)   probabilities           explained score
 * multiclass  [N,K]    K                      softmax(z) (or z)       z_k
 * binary      [N,1]    2                      [1 − σ(z), σ(z)]        +z for class 1, −z for class 0
 *                                                                     (pytorch-grad-cam's BinaryClassifierOutputTarget)
 * multilabel  [N,K]    K                      σ(z_k) (or z)           z_k
 * regression  [N,K]    K                      none                    the raw value z_k
 */
import { attr } from '../onnx/attributes';
import type { GraphBuilder } from '../onnx/builder';
import type { ModelConfig, Task } from '../model/config';

export class TaskMismatchError extends Error {
  override name = 'TaskMismatchError';
}

/** Seed width (number of classes, labels or outputs) for a score output of `outputs` values per row. */
export function headWidth(config: Pick<ModelConfig, 'task' | 'classes' | 'output'>, outputs: number): number {
  const { task, classes, output } = config;
  const names = `${classes.length} name(s) in "classes"`;
  if (task === 'binary') {
    if (outputs !== 1) throw new TaskMismatchError(`task "binary" needs one logit per row, but output '${output}' has ${outputs} values per row (a ${outputs}-class softmax head is "multiclass")`);
    return 2;
  }
  if (task === 'multiclass' && outputs === 1)
    throw new TaskMismatchError(`task "multiclass" needs two or more scores per row, but output '${output}' has 1: a one-logit head is "task": "binary"`);
  if (outputs !== classes.length) throw new TaskMismatchError(`task "${task}" with ${names}, but output '${output}' has ${outputs} values per row`);
  return outputs;
}

export interface HeadValues {
  /** [N, width] probabilities, or undefined (regression). */
  probabilities?: string;
  /** The seed with all-zero rows replaced by the one-hot of the predicted class [N, width]. */
  seed: string;
  /** The gradient fed into the score output [N, outputs]. */
  scoreSeed: string;
}

const oneHot = (b: GraphBuilder, index: string, width: number): string =>
  b.op('Cast', [b.op('Equal', [b.ints(Array.from({ length: width }, (_, k) => k)), index])], [attr.int('to', 1)]);

/** The head's nodes over `scores` [N, outputs] and the raw seed input [N, width]. */
export function headValues(b: GraphBuilder, task: Task, outputKind: ModelConfig['outputKind'], scores: string, rawSeed: string, width: number): HeadValues {
  const isZeroRow = b.op('Equal', [b.reduceSum(b.op('Abs', [rawSeed]), [1], true), b.floats(0)]);
  const withDefault = (predicted: string): string => b.op('Where', [isZeroRow, oneHot(b, predicted, width), rawSeed]);
  const argMax = (x: string): string => b.op('ArgMax', [x], [attr.int('axis', 1), attr.int('keepdims', 1)]);
  const asProbability = (p: string): string => (outputKind === 'logits' ? b.op(p, [scores]) : scores);
  switch (task) {
    case 'multiclass': {
      const seed = withDefault(argMax(scores));
      return { probabilities: outputKind === 'logits' ? b.op('Softmax', [scores], [attr.int('axis', 1)]) : scores, seed, scoreSeed: seed };
    }
    case 'binary': {
      const positive = asProbability('Sigmoid'); // [N,1]
      const probabilities = b.op('Concat', [b.op('Sub', [b.floats(1), positive]), positive], [attr.int('axis', 1)]);
      // σ(z) ≥ 0.5 predicts the positive class (class 1), ties included.
      const predicted = b.op('Cast', [b.op('GreaterOrEqual', [positive, b.floats(0.5)])], [attr.int('to', 7)]);
      const seed = withDefault(predicted);
      return { probabilities, seed, scoreSeed: b.op('MatMul', [seed, b.floats([-1, 1], [2, 1])]) };
    }
    case 'multilabel': {
      const seed = withDefault(argMax(scores));
      return { probabilities: asProbability('Sigmoid'), seed, scoreSeed: seed };
    }
    case 'regression': {
      // Nothing is "predicted": the default explains output 0.
      const seed = withDefault(b.ints([0], [1, 1]));
      return { seed, scoreSeed: seed };
    }
  }
}
