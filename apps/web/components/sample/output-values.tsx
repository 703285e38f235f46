/** A regression sample's raw outputs, each by name, with the true value where the sample has one (output 0). */
import { decimal } from '@/lib/format';

export function OutputValues({ values, trueValue, outputNames }: { values: readonly number[]; trueValue: number | null; outputNames: readonly string[] }) {
  return (
    <table className="data" data-testid="output-values">
      <thead>
        <tr>
          <th scope="col">Output</th>
          <th scope="col" className="num">Predicted</th>
          <th scope="col" className="num">True</th>
          <th scope="col" className="num">Error</th>
        </tr>
      </thead>
      <tbody>
        {values.map((v, i) => (
          <tr key={i}>
            <th scope="row">{outputNames[i] ?? `output ${i}`}</th>
            <td className="num">{decimal(v)}</td>
            <td className="num">{i === 0 ? decimal(trueValue) : '—'}</td>
            <td className="num">{i === 0 && trueValue !== null ? decimal(v - trueValue) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
