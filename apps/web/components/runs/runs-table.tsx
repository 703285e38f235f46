/** Every run, newest first: what ran, how far it got and how well it did. */
import Link from 'next/link';
import type { RunHeadlineFragment, RunRowFragment } from '@/lib/graphql/generated/operations';
import { decimal, percent, when } from '@/lib/format';
import { runTitle } from '@/lib/run-title';
import { CancelRunButton } from './cancel-run-button';
import { isActive, RunStatus } from './run-status';

export interface RunsTableProps {
  runs: (RunRowFragment & RunHeadlineFragment)[];
  cancel: { available: boolean; lacking: readonly string[] };
}

export function RunsTable({ runs, cancel }: RunsTableProps) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="runs-table">
        <caption className="muted small" style={{ textAlign: 'left', captionSide: 'bottom', paddingTop: '0.5rem' }}>
          Accuracy and kappa (quadratic weighted) over the run’s labelled samples.
        </caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Model</th>
            <th scope="col">Method</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Samples</th>
            <th scope="col" className="num">Accuracy</th>
            <th scope="col" className="num">Kappa</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const { summary } = run;
            const note = summary.labelled === 0 ? 'no labelled samples' : `over ${summary.labelled} labelled samples`;
            return (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id}>
                <td>
                  <Link href={`/runs/${run.id}`}>{runTitle(run)}</Link>
                  {run.dataset && <div className="small muted">{run.dataset}</div>}
                </td>
                <td>
                  {run.model.name} <span className="muted">v{run.model.version}</span>
                </td>
                <td>{run.method ?? <span className="muted">per sample</span>}</td>
                <td>
                  <RunStatus run={run} />
                </td>
                <td className="num">
                  {run.progress.done}
                  {run.kind === 'BATCH' && <span className="muted"> / {run.progress.total}</span>}
                  {run.progress.failed > 0 && <div className="small" style={{ color: 'var(--wrong)' }}>{run.progress.failed} failed</div>}
                </td>
                <td className="num" title={note}>
                  {percent(summary.accuracy)}
                </td>
                <td className="num" title={note}>
                  {decimal(summary.quadraticWeightedKappa)}
                </td>
                <td className="small">{when(run.createdAt)}</td>
                <td>{run.kind === 'BATCH' && isActive(run.status) && <CancelRunButton runId={run.id} runName={run.name} {...cancel} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
