/** One sample whose prediction changed: both predictions, and per input both runs' overlays and how far the map moved. */
import Link from 'next/link';
import type { ChangedPair } from '@/lib/compare/changed-pairs';
import { className, decimal, percent } from '@/lib/format';

const KIND_LABEL = { fixed: '✓ fixed', broken: '✗ broken', changed: '↔ changed' } as const;

export function ChangedSampleRow({ change, classNames }: { change: ChangedPair; classNames: readonly string[] }) {
  const { base, other, externalId } = change.pair;
  return (
    <li className="panel" data-testid="changed-sample" data-external-id={externalId} data-kind={change.kind} data-shift={change.meanShift.toFixed(4)}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div className="row">
          <strong>{externalId}</strong>
          <span className={`badge ${change.kind === 'fixed' ? 'right' : change.kind === 'broken' ? 'wrong' : 'neutral'}`}>{KIND_LABEL[change.kind]}</span>
          <span className="small">true: {className(classNames, base.trueClass)}</span>
        </div>
        <span className="small muted" title="mean over the inputs of 1 − IoU of the maps' top-20% regions">
          heat-map shift {decimal(change.meanShift, 2)}
        </span>
      </div>
      <p className="small" style={{ margin: '0.3rem 0' }}>
        <Link href={`/samples/${base.id}`}>A</Link>: {className(classNames, base.predictedClass)} ({percent(base.confidence)}) → <Link href={`/samples/${other.id}`}>B</Link>: {className(classNames, other.predictedClass)} ({percent(other.confidence)})
      </p>
      <div className="compare-pair">
        {base.heatmaps.map((hA) => {
          const hB = other.heatmaps.find((h) => h.input === hA.input);
          const shift = change.shifts.find((s) => s.input === hA.input);
          return (
            <figure key={hA.input}>
              <div className="duo">
                {/* eslint-disable-next-line @next/next/no-img-element -- artifacts are served as stored */}
                <img src={hA.overlayUrl} alt={`${hA.input}, run A`} loading="lazy" />
                {hB ? (
                  // eslint-disable-next-line @next/next/no-img-element -- artifacts are served as stored
                  <img src={hB.overlayUrl} alt={`${hA.input}, run B`} loading="lazy" />
                ) : (
                  <span className="placeholder">not in B</span>
                )}
              </div>
              <figcaption>
                {hA.input}: A | B · shift {decimal(shift?.shift ?? null, 2)}
              </figcaption>
            </figure>
          );
        })}
      </div>
    </li>
  );
}
