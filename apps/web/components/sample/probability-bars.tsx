/** The model's probability for every class; the predicted and the true class are named as such. */
import { percent } from '@/lib/format';

export function ProbabilityBars({ probabilities, classNames, predictedClass, trueClass }: { probabilities: number[]; classNames: readonly string[]; predictedClass: number; trueClass: number | null }) {
  return (
    <div className="bars" data-testid="probability-bars">
      {probabilities.map((p, i) => (
        <div key={i} style={{ display: 'contents' }}>
          <span>
            {classNames[i] ?? `class ${i}`}
            {i === predictedClass && <strong> · predicted</strong>}
            {i === trueClass && <em> · true</em>}
          </span>
          <span className="track" role="meter" aria-valuemin={0} aria-valuemax={1} aria-valuenow={p} aria-label={`probability of ${classNames[i] ?? `class ${i}`}`}>
            <span className="fill" style={{ width: `${p * 100}%`, background: i === predictedClass ? undefined : '#8fa3bf' }} />
          </span>
          <span className="value">{percent(p)}</span>
        </div>
      ))}
    </div>
  );
}
