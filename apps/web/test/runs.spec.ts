/** The runs page: every seeded run, with its model, counts and figures. */
import { expect, screenshot, test } from './support/fixtures';

test('the runs page lists both seeded runs with their models, counts and accuracy', async ({ page, stack }) => {
  await page.goto(`${stack.webUrl}/runs`);
  await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
  for (const run of [stack.seed.current, stack.seed.earlier]) {
    const row = page.locator(`[data-testid="run-row"][data-run-id="${run.runId}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(run.modelName);
    await expect(row).toContainText(String(run.samples.length));
    const accuracy = run.samples.filter((s) => s.correct).length / run.samples.length;
    await expect(row).toContainText(`${(accuracy * 100).toFixed(1)}%`);
  }
  await screenshot(page, '01-runs');
});

test('a run is reachable from the runs page by keyboard', async ({ page, stack }) => {
  await page.goto(`${stack.webUrl}/runs`);
  const link = page.locator(`[data-run-id="${stack.seed.current.runId}"] a`).first();
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/runs/${stack.seed.current.runId}$`));
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
});

test('a batch started from the runs page shows live progress and can be cancelled there', async ({ page, stack }) => {
  await page.goto(`${stack.webUrl}/runs`);
  const form = page.getByTestId('start-batch-form');
  test.skip(await form.locator('fieldset').isDisabled(), 'the API cannot start batches (no startBatch)');
  const name = `browser batch ${Date.now()}`;
  await form.getByTestId('batch-dataset').fill('demo/samples/manifest.csv');
  await form.getByTestId('batch-name').fill(name);
  await form.getByTestId('batch-submit').click();
  await expect(form.getByRole('status')).toContainText('Batch started');

  const row = page.getByTestId('run-row').filter({ hasText: name });
  await expect(row).toBeVisible();
  // The page refreshes itself while the batch runs: the bar moves without a reload.
  const bar = row.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 45_000 }).toBeGreaterThan(0);
  await screenshot(page, '10-runs-batch-running');
  await row.getByRole('button', { name: `Cancel ${name}` }).click();
  await expect(row).toContainText('cancelled');
  await expect(row.getByRole('progressbar')).toHaveCount(0);
});
