/** Picks the two runs to compare; a GET form, so the pair is in the URL. */
import Form from 'next/form';
import type { RunRowFragment } from '@/lib/graphql/generated/operations';
import { when } from '@/lib/format';
import { runTitle } from '@/lib/run-title';

function RunSelect({ name, label, runs, value }: { name: string; label: string; runs: RunRowFragment[]; value: string | undefined }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ''} required data-testid={`compare-${name}`}>
        <option value="" disabled>
          choose a run
        </option>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {runTitle(r)} — {r.progress.done} samples, {when(r.createdAt)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function RunPicker({ runs, a, b }: { runs: RunRowFragment[]; a?: string; b?: string }) {
  return (
    <Form action="/compare" className="panel filters" aria-label="Runs to compare">
      <RunSelect name="a" label="Run A (before)" runs={runs} value={a} />
      <RunSelect name="b" label="Run B (after)" runs={runs} value={b} />
      <button type="submit" data-testid="compare-submit">
        Compare
      </button>
    </Form>
  );
}
