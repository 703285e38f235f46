/** One sample in the grid: its overlays, what it is vs what the model said, and (classifiers) how sure it was. */
import Link from 'next/link';
import type { SampleCardFragment } from '@/lib/graphql/generated/operations';
import { percent } from '@/lib/format';
import { PredictionBadges } from './prediction-badges';

export function SampleCard({ sample, classNames }: { sample: SampleCardFragment; classNames: readonly string[] }) {
  return (
    <li className={`sample-card${sample.correct === false ? ' is-wrong' : ''}`} data-testid="sample-card" data-external-id={sample.externalId} data-correct={String(sample.correct)} data-true={sample.trueClass ?? ''} data-pred={sample.predictedClass ?? ''} data-confidence={sample.confidence ?? ''}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <Link className="title" href={`/samples/${sample.id}`}>
          {sample.externalId}
        </Link>
        {sample.task !== 'REGRESSION' && (
          <span className="small" title="confidence of the predicted class">
            {percent(sample.confidence)}
          </span>
        )}
      </div>
      <div className="thumbs">
        {sample.heatmaps.map((h) => (
          <figure key={h.input}>
            {/* eslint-disable-next-line @next/next/no-img-element -- artifacts are served as stored */}
            <img src={h.overlayUrl} alt={`${h.input} heat map over the image`} loading="lazy" width={64} height={64} />
            <figcaption>{h.input}</figcaption>
          </figure>
        ))}
      </div>
      <PredictionBadges sample={sample} classNames={classNames} />
    </li>
  );
}
