/** Every view fits a 1280×800 screen and a common laptop screen without sideways scrolling. */
import { expect, test } from './support/fixtures';

const SCREENS = [
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
];

for (const screen of SCREENS) {
  test(`every view fits ${screen.width}×${screen.height}`, async ({ page, stack }) => {
    await page.setViewportSize(screen);
    const { current, earlier } = stack.seed;
    const views = [
      '/runs',
      `/runs/${current.runId}`,
      `/runs/${current.runId}/samples`,
      `/samples/${current.samples[0]!.id}`,
      `/compare?a=${earlier.runId}&b=${current.runId}`,
    ];
    for (const view of views) {
      await page.goto(`${stack.webUrl}${view}`);
      await expect(page.locator('h1')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${view} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
}
