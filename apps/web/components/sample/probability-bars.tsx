/**
 * The model's probability for every class (multi-label: σ per label); the predicted and the true
 * classes (label sets) are named as such.
 */
import { percent } from '@/lib/format';

export function ProbabilityBars({ probabilities, classNames, predicted, truth }: { probabilities: number[]; classNames: readonly string[]; predicted: readonly number[]; truth: readonly number[] }) {
  return (
    <div className="bars" data-testid="probability-bars">
      {probabilities.map((p, i) => (
        <div key={i} style={{ display: 'contents' }}>
          <span>
            {classNames[i] ?? `class ${i}`}
            {predicted.includes(i) && <strong> · predicted</strong>}
            {truth.includes(i) && <em> · true</em>}
          </span>
          <span className="track" role="meter" aria-valuemin={0} aria-valuemax={1} aria-valuenow={p} aria-label={`probability of ${classNames[i] ?? `class ${i}`}`}>
            <span className="fill" style={{ width: `${p * 100}%`, background: predicted.includes(i) ? undefined : '#8fa3bf' }} />
          </span>
          <span className="value">{percent(p)}</span>
        </div>
      ))}
    </div>
  );
}
