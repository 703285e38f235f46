/**
 * Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against the real API
 * and PostgreSQL, which test/support/global-setup.ts starts once for the suite. Unit tests of the
 * dashboard's pure helpers run in the same runner, without a browser.
 */
import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.GRADCAM_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test',
  outputDir: 'test-results',
  globalSetup: './test/support/global-setup.ts',
  // One stack, one browser: the tests share the seeded runs and this machine has two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  forbidOnly: !!process.env.CI,
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM,
      chromiumSandbox: false,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
