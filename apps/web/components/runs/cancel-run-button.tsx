'use client';
import { useState, useTransition } from 'react';
import { cancelRunAction } from '@/lib/actions/run-actions';

/** Cancels a queued or running batch; says why when it cannot. */
export function CancelRunButton({ runId, runName, available, lacking }: { runId: string; runName: string; available: boolean; lacking: readonly string[] }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        className="secondary"
        disabled={!available || pending}
        title={available ? undefined : `The API lacks ${lacking.join(', ')}`}
        aria-label={`Cancel ${runName}`}
        onClick={() => start(async () => setMessage((await cancelRunAction(runId)).message))}
      >
        {pending ? 'Cancelling…' : 'Cancel'}
      </button>
      {message && (
        <span className="small muted" role="status">
          {' '}
          {message}
        </span>
      )}
    </span>
  );
}
