/**
 * Runs of a multi-label and a regression model: each run page shows its task's summary and none
 * of a classifier's (no confusion matrix, no accuracy), the samples view offers only the filters
 * that apply, and a sample shows predicted and true labels, or values, instead of a class.
 */
import { expect, screenshot, test } from './support/fixtures';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

test('a multi-label run: exact match, the per-label table with an undefined AUC, a label that opens its samples', async ({ page, stack }) => {
  const run = stack.seed.tasks.multilabel;
  const labelled = run.samples.filter((s) => s.correct !== null);
  await page.goto(`${stack.webUrl}/runs/${run.runId}`);
  await expect(page.getByTestId('metric-exact-match')).toContainText(`${((labelled.filter((s) => s.correct).length / labelled.length) * 100).toFixed(1)}%`);
  for (const id of ['metric-hamming-loss', 'metric-macro-f1', 'metric-macro-auc']) await expect(page.getByTestId(id)).toBeVisible();
  const table = page.getByTestId('per-label-table');
  await expect(table.locator('tbody tr')).toHaveCount(run.classNames.length);
  // Label 2 is never true in the seeded set: its AUC is undefined, shown as a dash.
  await expect(table.locator('tr[data-label="2"] [data-testid="label-auc"]')).toHaveText('—');
  await expect(page.getByTestId('metric-accuracy')).toHaveCount(0);
  await expect(page.locator('[data-testid="confusion-cell"]')).toHaveCount(0);
  await expect(page.getByTestId('reliability-diagram')).toHaveCount(0);
  await screenshot(page, '20-multilabel-run');

  const withFluid = run.samples.filter((s) => s.trueLabels?.includes(1)).map((s) => s.externalId).sort();
  await table.locator('tr[data-label="1"] a').click();
  await expect(page).toHaveURL(/tlabel=1/);
  const cards = page.getByTestId('sample-card');
  await expect(cards).toHaveCount(withFluid.length);
  expect((await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-external-id')!))).sort()).toEqual(withFluid);
  await expect(page.getByTestId('filter-true')).toHaveCount(0);
  await expect(page.getByTestId('filter-true-label')).toHaveValue('1');
  await expect(page.getByTestId('filter-pred-label')).toBeVisible();
});

test('a multi-label sample shows its predicted and true label sets and σ per label', async ({ page, stack }) => {
  const run = stack.seed.tasks.multilabel;
  const sample = run.samples.find((s) => s.externalId === 'm03')!;
  const names = (ls: number[]): string => (ls.length ? ls.map((l) => run.classNames[l]).join(', ') : 'none');
  await page.goto(`${stack.webUrl}/samples/${sample.id}`);
  await expect(page.getByTestId('true-labels')).toHaveText(`true: ${names(sample.trueLabels!)}`);
  await expect(page.getByTestId('prediction-badge')).toContainText(`predicted: ${names(sample.predictedLabels!)}`);
  await expect(page.getByTestId('prediction-badge')).toHaveAttribute('data-correct', String(sample.correct));
  await expect(page.getByTestId('probability-bars').getByRole('meter')).toHaveCount(run.classNames.length);
  await screenshot(page, '21-multilabel-sample');
});

test('a regression run: MAE, RMSE and Pearson r, predicted vs true, no class filters or confidence', async ({ page, stack }) => {
  const run = stack.seed.tasks.regression;
  const pairs = run.samples.filter((s) => s.trueValue !== null).map((s) => ({ p: s.values![0]!, t: s.trueValue! }));
  await page.goto(`${stack.webUrl}/runs/${run.runId}`);
  await expect(page.getByTestId('metric-mae')).toContainText(mean(pairs.map(({ p, t }) => Math.abs(p - t))).toFixed(3));
  await expect(page.getByTestId('metric-rmse')).toContainText(Math.sqrt(mean(pairs.map(({ p, t }) => (p - t) ** 2))).toFixed(3));
  await expect(page.getByTestId('metric-pearson')).toBeVisible();
  await expect(page.getByTestId('regression-point')).toHaveCount(pairs.length);
  await expect(page.getByTestId('regression-points').locator('tbody tr')).toHaveCount(pairs.length);
  await expect(page.locator('[data-testid="confusion-cell"]')).toHaveCount(0);
  await expect(page.getByTestId('metric-accuracy')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Confident mistakes first' })).toHaveCount(0);
  await screenshot(page, '22-regression-run');

  await page.goto(`${stack.webUrl}/runs/${run.runId}/samples`);
  await expect(page.getByTestId('sample-card')).toHaveCount(run.samples.length);
  for (const id of ['filter-misclassified', 'filter-true', 'filter-pred', 'filter-min']) await expect(page.getByTestId(id)).toHaveCount(0);
  await expect(page.getByTestId('filter-sort').locator('option')).toHaveCount(1);
});

test('a regression sample shows its values and true value, not a confidence', async ({ page, stack }) => {
  const run = stack.seed.tasks.regression;
  const sample = run.samples.find((s) => s.externalId === 'r03')!;
  await page.goto(`${stack.webUrl}/samples/${sample.id}`);
  await expect(page.getByTestId('true-value')).toHaveText(`true: ${sample.trueValue!.toFixed(3)}`);
  await expect(page.getByTestId('predicted-value')).toHaveText(`predicted: ${sample.values![0]!.toFixed(3)}`);
  await expect(page.getByTestId('output-values').locator('tbody tr')).toHaveCount(run.classNames.length);
  await expect(page.getByTestId('sample-facts')).not.toContainText('Confidence');
  await expect(page.getByTestId('probability-bars')).toHaveCount(0);
  await screenshot(page, '23-regression-sample');
});
