/** The browser tests' `test`: the seeded stack as a fixture, and screenshots kept as artifacts. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { readStackState, type StackState } from './stack-state';

export const SCREENSHOT_DIR = resolve(__dirname, '../../test-artifacts/screenshots');

export const test = base.extend<{ stack: StackState }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  stack: async ({}, use) => {
    await use(readStackState());
  },
});

/** A full-page screenshot of the view, kept under test-artifacts/screenshots/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Lazy images load once scrolled to: scroll through, then wait (briefly) for every image.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Every <img> in `scope` has decoded (naturalWidth > 0). */
export async function expectImagesLoaded(page: Page, selector: string, count: number): Promise<void> {
  const images = page.locator(selector);
  await expect(images).toHaveCount(count);
  await expect
    .poll(async () => images.evaluateAll((els) => els.filter((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0).length), { message: `${selector} loaded` })
    .toBe(count);
}

export { expect };
