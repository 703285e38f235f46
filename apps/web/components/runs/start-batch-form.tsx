'use client';
/** Starts a batch run: a model, a dataset manifest under the API's data root, a CAM method. */
import { useActionState } from 'react';
import { startBatchAction } from '@/lib/actions/run-actions';

export const CAM_METHODS = ['gradcam', 'gradcam++', 'xgradcam', 'hirescam', 'layercam', 'eigencam', 'scorecam', 'ablationcam'] as const;

export interface StartBatchFormProps {
  models: { id: string; name: string; version: number }[];
  available: boolean;
  lacking: readonly string[];
}

export function StartBatchForm({ models, available, lacking }: StartBatchFormProps) {
  const [outcome, submit, pending] = useActionState(startBatchAction, null);
  return (
    <form action={submit} className="panel" aria-labelledby="start-batch-title" data-testid="start-batch-form">
      <h2 id="start-batch-title">Start a batch run</h2>
      {!available && (
        <p className="notice small">
          This API cannot start batches yet (it lacks {lacking.join(', ')}). Until it can, explain samples one by one with analyzeSample or the
          <code> gradcam batch</code> CLI.
        </p>
      )}
      <fieldset disabled={!available || pending} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="filters">
          <label>
            Model
            <select name="modelId" required defaultValue={models[0]?.id}>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} v{m.version}
                </option>
              ))}
            </select>
          </label>
          <label>
            Dataset manifest (relative to the data root)
            <input name="dataset" required placeholder="demo/samples/manifest.csv" size={32} data-testid="batch-dataset" />
          </label>
          <label>
            Method
            <select name="method" defaultValue="gradcam">
              {CAM_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label>
            First rows only (optional)
            <input name="limit" type="number" min={1} step={1} size={6} data-testid="batch-limit" />
          </label>
          <label>
            Name (optional)
            <input name="name" size={18} data-testid="batch-name" />
          </label>
          <button type="submit" data-testid="batch-submit">
            {pending ? 'Starting…' : 'Start batch'}
          </button>
        </div>
      </fieldset>
      {outcome && (
        <p role="status" className={outcome.ok ? 'small' : 'small notice'}>
          {outcome.message}
        </p>
      )}
    </form>
  );
}
