/** Per input, how similar the two runs' heat maps are over all matched samples. */
import type { CompareRunsQuery } from '@/lib/graphql/generated/operations';
import { decimal } from '@/lib/format';

export function InputShiftTable({ shifts }: { shifts: CompareRunsQuery['compareRuns']['heatmapShift'] }) {
  return (
    <table className="data" data-testid="input-shift-table">
      <thead>
        <tr>
          <th scope="col">Input</th>
          <th scope="col" className="num" title="mean IoU of the maps' top-20% regions: 1 = same place">
            Mean IoU
          </th>
          <th scope="col" className="num">Mean correlation</th>
          <th scope="col" className="num">Pairs</th>
        </tr>
      </thead>
      <tbody>
        {shifts.map((s) => (
          <tr key={s.input}>
            <th scope="row">{s.input}</th>
            <td className="num">{decimal(s.meanIoU, 2)}</td>
            <td className="num">{decimal(s.meanPearson, 2)}</td>
            <td className="num">{s.pairs}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
