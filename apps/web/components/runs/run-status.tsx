import type { RunRowFragment } from '@/lib/graphql/generated/operations';
import { ProgressBar } from './progress-bar';

export function isActive(status: RunRowFragment['status']): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

/** A run's status; a batch still going shows its live progress. The ad-hoc run never finishes. */
export function RunStatus({ run }: { run: RunRowFragment }) {
  const { done, failed, total } = run.progress;
  const going = run.kind === 'BATCH' && isActive(run.status);
  return (
    <div>
      <span className={`status-${run.status}`}>{run.kind === 'ADHOC' ? 'open (ad hoc)' : run.status.toLowerCase()}</span>
      {going && <ProgressBar done={done + failed} total={total} label={`${run.name}: ${done + failed} of ${total} samples`} />}
    </div>
  );
}
