/** Analysed samples of a run out of its total, as a bar that assistive technology reads as progress. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
      <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
    </div>
  );
}
