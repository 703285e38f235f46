/** A multi-label run's scores per label; a label's name opens the samples that truly have it. */
import Link from 'next/link';
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { decimal } from '@/lib/format';
import { sampleQueryHref } from '@/lib/sample-query';

type PerLabel = NonNullable<RunSummaryFieldsFragment['multiLabel']>['perLabel'];

export function PerLabelTable({ runId, perLabel }: { runId: string; perLabel: PerLabel }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="per-label-table">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col" className="num">Precision</th>
            <th scope="col" className="num">Recall</th>
            <th scope="col" className="num">F1</th>
            <th scope="col" className="num" title="undefined when the label is never or always true">ROC AUC</th>
            <th scope="col" className="num" title="labelled samples where the label is true">Support</th>
            <th scope="col" className="num" title="labelled samples where the label is predicted">Predicted</th>
          </tr>
        </thead>
        <tbody>
          {perLabel.map((l) => (
            <tr key={l.labelIndex} data-label={l.labelIndex}>
              <th scope="row">
                <Link href={sampleQueryHref(runId, { trueLabel: l.labelIndex })}>{l.labelName}</Link>
              </th>
              <td className="num">{decimal(l.predicted ? l.precision : null)}</td>
              <td className="num">{decimal(l.support ? l.recall : null)}</td>
              <td className="num">{decimal(l.support || l.predicted ? l.f1 : null)}</td>
              <td className="num" data-testid="label-auc">{decimal(l.rocAuc)}</td>
              <td className="num">{l.support}</td>
              <td className="num">{l.predicted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
