/** The run page: summary metrics, the confusion matrix that clicks through to its samples, charts. */
import { expect, screenshot, test } from './support/fixtures';

test('the run page shows the summary cards, per-class table and charts', async ({ page, stack }) => {
  const run = stack.seed.current;
  await page.goto(`${stack.webUrl}/runs/${run.runId}`);
  const accuracy = run.samples.filter((s) => s.correct).length / run.samples.length;
  await expect(page.getByTestId('metric-accuracy')).toContainText(`${(accuracy * 100).toFixed(1)}%`);
  for (const id of ['metric-balanced-accuracy', 'metric-macro-f1', 'metric-kappa', 'metric-ece']) await expect(page.getByTestId(id)).toBeVisible();
  await expect(page.getByTestId('per-class-table').locator('tbody tr')).toHaveCount(stack.seed.classNames.length);
  await expect(page.getByTestId('confidence-histogram')).toBeVisible();
  await expect(page.getByTestId('reliability-diagram')).toBeVisible();
  await expect(page.getByTestId('contribution-bars').locator('rect').first()).toBeVisible();
  await screenshot(page, '02-run');
});

test('a confusion-matrix cell shows exactly the samples of that cell', async ({ page, stack }) => {
  const run = stack.seed.current;
  // An off-diagonal cell when the model errs, else the fullest cell.
  const key = (s: { trueClass: number; predictedClass: number }): string => `${s.trueClass},${s.predictedClass}`;
  const counts = new Map<string, number>();
  for (const s of run.samples) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  const wrong = run.samples.find((s) => !s.correct);
  const cell = wrong ? key(wrong) : [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const [t, p] = cell.split(',').map(Number) as [number, number];
  const expected = run.samples.filter((s) => s.trueClass === t && s.predictedClass === p).map((s) => s.externalId).sort();

  await page.goto(`${stack.webUrl}/runs/${run.runId}`);
  const link = page.locator(`[data-testid="confusion-cell"][data-true="${t}"][data-pred="${p}"]`);
  await expect(link).toHaveText(String(expected.length));
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run.runId}/samples\\?.*true=${t}`));
  const cards = page.getByTestId('sample-card');
  await expect(cards).toHaveCount(expected.length);
  const shown = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-external-id')!).sort());
  expect(shown).toEqual(expected);
  await screenshot(page, '03-confusion-cell-samples');
});
