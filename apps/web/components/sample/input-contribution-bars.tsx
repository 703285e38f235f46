/**
 * How much each input (biomarker) pushed the explained class's score: diverging bars around
 * zero, so an input that argued against the class shows as such.
 */
import { decimal } from '@/lib/format';

export function InputContributionBars({ contributions }: { contributions: { input: string; value: number }[] }) {
  if (!contributions.length) return <p className="muted">This method gives no per-input contributions (the gradient methods, e.g. gradcam, do).</p>;
  const extent = Math.max(1e-9, ...contributions.map((c) => Math.abs(c.value)));
  const hasNegative = contributions.some((c) => c.value < 0);
  const zero = hasNegative ? 50 : 0;
  const scale = hasNegative ? 50 : 100;
  return (
    <div className="bars" data-testid="contribution-bars">
      {contributions.map((c) => {
        const width = (Math.abs(c.value) / extent) * scale;
        const left = c.value >= 0 ? zero : zero - width;
        return (
          <div key={c.input} style={{ display: 'contents' }}>
            <span>{c.input}</span>
            <span className="track" role="meter" aria-valuemin={-extent} aria-valuemax={extent} aria-valuenow={c.value} aria-label={`contribution of ${c.input}`}>
              <span className={`fill${c.value < 0 ? ' negative' : ''}`} style={{ left: `${left}%`, width: `${width}%` }} />
            </span>
            <span className="value">{decimal(c.value)}</span>
          </div>
        );
      })}
    </div>
  );
}
