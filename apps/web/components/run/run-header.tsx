/** A run's identity: what model and method, over which dataset, when, and how far it got. */
import Link from 'next/link';
import type { RunRowFragment } from '@/lib/graphql/generated/operations';
import { when } from '@/lib/format';
import { runTitle } from '@/lib/run-title';
import { RunStatus } from '../runs/run-status';

export function RunHeader({ run, trail, children }: { run: RunRowFragment; trail?: { href: string; label: string }[]; children?: React.ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <div className="breadcrumbs">
          <Link href="/runs">Runs</Link>
          {(trail ?? []).map((t) => (
            <span key={t.href}>
              {' / '}
              <Link href={t.href}>{t.label}</Link>
            </span>
          ))}
        </div>
        <h1>{runTitle(run)}</h1>
        <p>
          {run.model.name} v{run.model.version} · {run.method ?? 'method per sample'} · {run.progress.done} samples{run.dataset ? ` · ${run.dataset}` : ''} · created {when(run.createdAt)}
        </p>
        <RunStatus run={run} />
      </div>
      {children && <div className="row">{children}</div>}
    </div>
  );
}
