'use client';
/** The main navigation; the current section is marked for screen readers as well as visually. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const SECTIONS = [
  { href: '/runs', label: 'Runs', matches: (p: string) => p.startsWith('/runs') || p.startsWith('/samples') },
  { href: '/compare', label: 'Compare runs', matches: (p: string) => p.startsWith('/compare') },
];

export function SiteNav() {
  const path = usePathname() ?? '';
  return (
    <nav aria-label="Main">
      {SECTIONS.map((s) => (
        <Link key={s.href} href={s.href} aria-current={s.matches(path) ? 'page' : undefined}>
          {s.label}
        </Link>
      ))}
    </nav>
  );
}
