import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { SiteNav } from '@/components/layout/site-nav';
import { ColormapPicker, ColormapProvider } from '@/components/preferences/colormap-preference';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'GradCAM Studio', template: '%s · GradCAM Studio' },
  description: 'Where a model goes wrong, which biomarker it looks at, and whether a new checkpoint fixed it',
};

// Every view shows the API's current state: nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ColormapProvider>
          <a className="skip-link" href="#content">
            Skip to content
          </a>
          <header className="site-header">
            <Link href="/runs" className="brand">
              GradCAM Studio
            </Link>
            <SiteNav />
            <span className="spacer" />
            <ColormapPicker />
          </header>
          <main id="content">{children}</main>
        </ColormapProvider>
      </body>
    </html>
  );
}
