/**
 * analyzeSample's truth, checked against the model's task: each task takes its own field, and a
 * field of another task is refused rather than stored where no summary would read it.
 */
import type { Model } from '../../generated/prisma/client';
import type { SampleTruth } from '../../analysis/explained-sample';
import { badInput } from '../../errors/api-error';
import type { AnalyzeSampleInput } from './analyze-sample.input';

const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

const FIELD_TASKS = { trueClass: ['MULTICLASS', 'BINARY'], trueLabels: ['MULTILABEL'], trueValue: ['REGRESSION'] } as const;

export function sampleTruth(input: Pick<AnalyzeSampleInput, 'trueClass' | 'trueLabels' | 'trueValue'>, model: Pick<Model, 'task' | 'classNames' | 'name'>): SampleTruth {
  for (const [field, tasks] of Object.entries(FIELD_TASKS) as [keyof typeof FIELD_TASKS, readonly string[]][])
    if (given(input[field]) && !tasks.includes(model.task))
      throw badInput(`${field} does not apply to model '${model.name}', a ${model.task.toLowerCase()} model (${field} is for ${tasks.map((t) => t.toLowerCase()).join(' and ')} models)`);
  const k = model.classNames.length;
  if (given(input.trueClass) && input.trueClass >= k) throw badInput(`trueClass ${input.trueClass} is not a class index 0..${k - 1}`);
  const outside = input.trueLabels?.find((l) => l >= k);
  if (outside !== undefined) throw badInput(`trueLabels: ${outside} is not a label index 0..${k - 1}`);
  return { trueClass: input.trueClass ?? null, trueLabels: input.trueLabels ?? null, trueValue: input.trueValue ?? null };
}
