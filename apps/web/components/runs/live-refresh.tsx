'use client';
/** While something is running, re-renders the page from the server every few seconds. */
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function LiveRefresh({ active, intervalMs = 2000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => router.refresh(), intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <p className="muted small" role="status">
      Updating live while a batch runs.
    </p>
  ) : null;
}
