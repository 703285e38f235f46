/** True vs predicted class; a wrong prediction is marked in words and shape, not by colour alone. */
import { className } from '@/lib/format';

export function ClassBadges({ classNames, trueClass, predictedClass, correct }: { classNames: readonly string[]; trueClass: number | null; predictedClass: number | null; correct: boolean | null }) {
  return (
    <div className="row" style={{ gap: '0.35rem' }}>
      <span className="badge neutral" title="true class">
        true: {className(classNames, trueClass)}
      </span>
      <span className={`badge ${correct === false ? 'wrong' : correct ? 'right' : 'neutral'}`} data-testid="prediction-badge" data-correct={String(correct)} title="predicted class">
        {correct === false ? '✗ ' : correct ? '✓ ' : ''}predicted: {className(classNames, predictedClass)}
      </span>
    </div>
  );
}
