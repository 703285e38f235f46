/** Nothing to show yet, and the next step that would change that. */
import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="state" data-testid="empty-state">
      <h2>{title}</h2>
      {children}
    </section>
  );
}
