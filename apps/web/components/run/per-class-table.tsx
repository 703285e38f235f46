/** Precision, recall and F1 per class, with how many samples each figure rests on. */
import type { RunSummaryFieldsFragment } from '@/lib/graphql/generated/operations';
import { decimal } from '@/lib/format';

export function PerClassTable({ perClass }: { perClass: RunSummaryFieldsFragment['perClass'] }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="per-class-table">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">Precision</th>
            <th scope="col" className="num">Recall</th>
            <th scope="col" className="num">F1</th>
            <th scope="col" className="num" title="labelled samples of this class">Support</th>
            <th scope="col" className="num" title="labelled samples predicted as this class">Predicted</th>
          </tr>
        </thead>
        <tbody>
          {perClass.map((c) => (
            <tr key={c.classIndex}>
              <th scope="row">{c.className}</th>
              <td className="num">{decimal(c.predicted ? c.precision : null)}</td>
              <td className="num">{decimal(c.support ? c.recall : null)}</td>
              <td className="num">{decimal(c.support || c.predicted ? c.f1 : null)}</td>
              <td className="num">{c.support}</td>
              <td className="num">{c.predicted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
