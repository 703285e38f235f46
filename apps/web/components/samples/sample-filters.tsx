'use client';
/**
 * The samples view's filters as a GET form: the URL holds them (shareable, the back button walks
 * back through them) and they work without JavaScript; with it, a change applies at once and the
 * URL keeps only the filters in force. Only the filters of the run's task are offered: classes
 * for multiclass and binary runs, labels for multi-label runs, none of them (nor confidence) for
 * regression runs, which the API would refuse.
 */
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef } from 'react';
import type { ModelTask } from '@/lib/graphql/generated/operations';
import { parseSampleQuery, sampleQueryHref, type SampleQuery } from '@/lib/sample-query';
import { hasClasses } from '@/lib/task';

const pct = (v: number | null): string => (v === null ? '' : String(Math.round(v * 1000) / 10));

export function SampleFilters({ runId, query, classNames, task }: { runId: string; query: SampleQuery; classNames: readonly string[]; task: ModelTask }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const apply = (): void => form.current?.requestSubmit();
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const fields = Object.fromEntries([...new FormData(event.currentTarget).entries()].map(([k, v]) => [k, String(v)]));
    // A new filter starts again at the first page.
    router.push(sampleQueryHref(runId, { ...parseSampleQuery(fields), after: null }));
  };
  // Re-mount on every URL change so the fields show the filters in force (e.g. after "back").
  const key = JSON.stringify(query);
  return (
    <form ref={form} action={`/runs/${runId}/samples`} method="get" onSubmit={submit} className="panel filters" aria-label="Filter samples" key={key} data-testid="sample-filters">
      {task !== 'REGRESSION' && (
        <label className="check">
          <input type="checkbox" name="misclassified" value="1" defaultChecked={query.misclassified} onChange={apply} data-testid="filter-misclassified" /> {task === 'MULTILABEL' ? 'Wrong label sets only' : 'Misclassified only'}
        </label>
      )}
      {hasClasses(task) && <ClassSelect label="True class" name="true" testId="filter-true" value={query.trueClass} classNames={classNames} onChange={apply} />}
      {task === 'MULTILABEL' && <ClassSelect label="True label" name="tlabel" testId="filter-true-label" value={query.trueLabel} classNames={classNames} onChange={apply} />}
      {task === 'MULTILABEL' && <ClassSelect label="Predicted label" name="plabel" testId="filter-pred-label" value={query.predictedLabel} classNames={classNames} onChange={apply} />}
      {task !== 'REGRESSION' && (
        <>
          <ClassSelect label={task === 'MULTILABEL' ? 'Most probable label' : 'Predicted class'} name="pred" testId="filter-pred" value={query.predictedClass} classNames={classNames} onChange={apply} />
          <label>
            Confidence from (%)
            <input type="number" name="min" min={0} max={100} step="any" defaultValue={pct(query.minConfidence)} size={5} data-testid="filter-min" />
          </label>
          <label>
            to (%)
            <input type="number" name="max" min={0} max={100} step="any" defaultValue={pct(query.maxConfidence)} size={5} data-testid="filter-max" />
          </label>
        </>
      )}
      <label>
        Sort
        <select name="sort" defaultValue={query.sort} onChange={apply} data-testid="filter-sort">
          <option value="id">by sample id</option>
          {task !== 'REGRESSION' && <option value="confidence-desc">most confident first</option>}
          {task !== 'REGRESSION' && <option value="confidence-asc">least confident first</option>}
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

/** A class filter: "any" or one of the model's classes, by index. */
function ClassSelect({ label, name, testId, value, classNames, onChange }: { label: string; name: string; testId: string; value: number | null | undefined; classNames: readonly string[]; onChange: () => void }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ''} onChange={onChange} data-testid={testId}>
        <option value="">any</option>
        {classNames.map((n, i) => (
          <option key={i} value={i}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
