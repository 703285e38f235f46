'use client';
/**
 * The sample's heat maps, one row per input, and "explain another class": pick a class, the
 * server re-runs analyzeSample with it as the target, and its maps appear beside the first.
 */
import { useState, useTransition } from 'react';
import { explainClassAction } from '@/lib/actions/explain-actions';
import type { SampleDetailFieldsFragment } from '@/lib/graphql/generated/operations';
import { InputRow } from './input-row';

export interface SampleHeatmapsProps {
  sample: SampleDetailFieldsFragment;
  classNames: readonly string[];
}

export function SampleHeatmaps({ sample, classNames }: SampleHeatmapsProps) {
  // Samples stored before the API kept input images have none: no original, nothing to re-run.
  const explainAvailable = sample.heatmaps.every((h) => h.imageUrl);
  const [other, setOther] = useState<SampleDetailFieldsFragment | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const name = (c: number): string => classNames[c] ?? `class ${c}`;

  const explain = (targetClass: number): void =>
    start(async () => {
      setMessage(null);
      const outcome = await explainClassAction(sample.id, targetClass);
      if (outcome.ok) setOther(outcome.sample);
      else setMessage(outcome.message);
    });

  return (
    <section className="panel" aria-labelledby="heatmaps-title">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="heatmaps-title">Heat maps: why {name(sample.targetClass)}</h2>
        <div className="row" role="group" aria-label="Explain another class">
          <span className="small muted">Explain another class:</span>
          {classNames.map((_, c) =>
            c === sample.targetClass ? null : (
              <button key={c} type="button" className={other?.targetClass === c ? undefined : 'secondary'} disabled={!explainAvailable || pending} onClick={() => explain(c)} title={explainAvailable ? undefined : 'the API kept no input images for this sample'} data-testid="explain-class">
                {name(c)}
              </button>
            ),
          )}
        </div>
      </div>
      {!explainAvailable && (
        <p className="small muted">
          The API kept no input images for this sample (it was stored before they were kept): no originals, and no other class can be explained. The overlays are the API’s own blend; the slider lays the
          heat map over them.
        </p>
      )}
      {pending && (
        <p className="small" role="status">
          Explaining… (the model runs again on this sample)
        </p>
      )}
      {message && (
        <p className="notice small" role="alert">
          {message}
        </p>
      )}
      {sample.heatmaps.map((maps) => {
        const otherMaps = other?.heatmaps.find((h) => h.input === maps.input);
        return (
          <InputRow
            key={maps.input}
            maps={maps}
            imageUrl={maps.imageUrl ?? null}
            explainedLabel={name(sample.targetClass)}
            // A regression output has no probability to show beside its name.
            other={other && otherMaps ? { label: other.probabilities.length ? `${name(other.targetClass)} (${Math.round((other.probabilities[other.targetClass] ?? 0) * 100)}%)` : name(other.targetClass), maps: otherMaps } : undefined}
          />
        );
      })}
    </section>
  );
}
