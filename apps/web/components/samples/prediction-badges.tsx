/**
 * What a sample is vs what the model said, in its task's terms: classes (multiclass, binary),
 * label sets (multi-label) or values (regression). A wrong prediction is marked in words and
 * shape, not by colour alone.
 */
import type { SampleCardFragment } from '@/lib/graphql/generated/operations';
import { decimal } from '@/lib/format';
import { labelList } from '@/lib/task';
import { ClassBadges } from './class-badges';

type Prediction = Pick<SampleCardFragment, 'task' | 'trueClass' | 'predictedClass' | 'predictedLabels' | 'trueLabels' | 'values' | 'trueValue' | 'correct'>;

export function PredictionBadges({ sample, classNames }: { sample: Prediction; classNames: readonly string[] }) {
  const { correct } = sample;
  const mark = correct === false ? 'wrong' : correct ? 'right' : 'neutral';
  if (sample.task === 'REGRESSION')
    return (
      <div className="row" style={{ gap: '0.35rem' }}>
        <span className="badge neutral" title={`true ${classNames[0] ?? 'value'}`} data-testid="true-value">
          true: {decimal(sample.trueValue)}
        </span>
        <span className="badge neutral" title={`predicted ${classNames[0] ?? 'value'}`} data-testid="predicted-value">
          predicted: {decimal(sample.values?.[0])}
        </span>
      </div>
    );
  if (sample.task === 'MULTILABEL')
    return (
      <div className="row" style={{ gap: '0.35rem' }}>
        <span className="badge neutral" title="true labels" data-testid="true-labels">
          true: {sample.trueLabels ? labelList(classNames, sample.trueLabels) : 'unlabelled'}
        </span>
        <span className={`badge ${mark}`} data-testid="prediction-badge" data-correct={String(correct)} title="predicted labels (σ ≥ 0.5)">
          {correct === false ? '✗ ' : correct ? '✓ ' : ''}predicted: {labelList(classNames, sample.predictedLabels ?? [])}
        </span>
      </div>
    );
  return <ClassBadges classNames={classNames} trueClass={sample.trueClass} predictedClass={sample.predictedClass} correct={correct} />;
}
