/** The samples grid: filters in the URL (shareable, back button), misclassified only, order, pages. */
import { expect, screenshot, test } from './support/fixtures';

test('"misclassified only" shows only the wrong samples, and the back button undoes it', async ({ page, stack }) => {
  const run = stack.seed.earlier.samples.some((s) => !s.correct) ? stack.seed.earlier : stack.seed.current;
  const wrong = run.samples.filter((s) => !s.correct).map((s) => s.externalId).sort();
  test.skip(wrong.length === 0, 'neither seeded run has a misclassified sample');

  await page.goto(`${stack.webUrl}/runs/${run.runId}/samples`);
  await expect(page.getByTestId('sample-card')).toHaveCount(Math.min(24, run.samples.length));
  await page.getByTestId('filter-misclassified').check();
  await expect(page).toHaveURL(/misclassified=1/);
  const cards = page.getByTestId('sample-card');
  await expect(cards).toHaveCount(wrong.length);
  expect(await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-correct')))).toEqual(wrong.map(() => 'false'));
  expect((await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-external-id')!))).sort()).toEqual(wrong);
  await screenshot(page, '04-samples-misclassified');

  // The URL alone reproduces the view (shareable).
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByTestId('sample-card')).toHaveCount(wrong.length);
  await expect(shared.getByTestId('filter-misclassified')).toBeChecked();
  await shared.close();

  await page.goBack();
  await expect(page).not.toHaveURL(/misclassified=1/);
  await expect(page.getByTestId('filter-misclassified')).not.toBeChecked();
  await expect(page.getByTestId('sample-card')).toHaveCount(Math.min(24, run.samples.length));
});

test('samples sort by confidence and filter by confidence range', async ({ page, stack }) => {
  const run = stack.seed.current;
  await page.goto(`${stack.webUrl}/runs/${run.runId}/samples?sort=confidence-asc`);
  const confidences = await page.getByTestId('sample-card').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-confidence'))));
  expect(confidences).toEqual([...confidences].sort((a, b) => a - b));

  const expected = run.samples.filter((s) => s.confidence <= 0.9).length;
  await page.goto(`${stack.webUrl}/runs/${run.runId}/samples?max=90`);
  await expect(page.getByTestId('sample-count')).toContainText(`${expected} sample`);
});

test('cursor pagination walks every sample once', async ({ page, stack }) => {
  const run = stack.seed.current;
  test.skip(run.samples.length <= 24, 'the seeded run fits one page');
  await page.goto(`${stack.webUrl}/runs/${run.runId}/samples`);
  const seen = await page.getByTestId('sample-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-external-id')!));
  await page.getByTestId('next-page').click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByTestId('sample-card').first()).not.toHaveAttribute('data-external-id', seen[0]!);
  seen.push(...(await page.getByTestId('sample-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-external-id')!))));
  expect(seen.sort()).toEqual(run.samples.map((s) => s.externalId).sort());
});
