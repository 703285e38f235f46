/** Comparing two runs: both confusion matrices, metric deltas, and exactly the samples whose prediction changed. */
import { expect, expectImagesLoaded, screenshot, test } from './support/fixtures';

test('comparing the earlier checkpoint with the final model lists the changed samples, fixed and broken', async ({ page, stack }) => {
  const { earlier, current } = stack.seed;
  const before = new Map(earlier.samples.map((s) => [s.externalId, s]));
  const changed = current.samples.filter((s) => before.get(s.externalId)!.predictedClass !== s.predictedClass);
  const fixed = changed.filter((s) => !before.get(s.externalId)!.correct && s.correct).map((s) => s.externalId).sort();
  const broken = changed.filter((s) => before.get(s.externalId)!.correct && !s.correct).map((s) => s.externalId).sort();
  test.skip(changed.length === 0, 'the two checkpoints agree on every seeded sample');

  await page.goto(`${stack.webUrl}/compare`);
  await page.getByTestId('compare-a').selectOption(earlier.runId);
  await page.getByTestId('compare-b').selectOption(current.runId);
  await page.getByTestId('compare-submit').click();
  await expect(page).toHaveURL(new RegExp(`a=${earlier.runId}.*b=${current.runId}`));

  await expect(page.getByTestId('confusion-matrix-a')).toBeVisible();
  await expect(page.getByTestId('confusion-matrix-b')).toBeVisible();
  await expect(page.getByTestId('metric-deltas').locator('tbody tr')).toHaveCount(5);
  const rows = page.getByTestId('changed-sample');
  await expect(rows).toHaveCount(changed.length);
  expect((await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-external-id')!))).sort()).toEqual(changed.map((s) => s.externalId).sort());
  // Sorted by heat-map shift, largest first.
  const shifts = await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-shift'))));
  expect(shifts).toEqual([...shifts].sort((x, y) => y - x));
  await expectImagesLoaded(page, '[data-testid="changed-sample"]:first-child img', 2 * stack.seed.inputs.length);
  await screenshot(page, '08-compare');

  await page.getByTestId('show-fixed').click();
  await expect(page).toHaveURL(/show=fixed/);
  if (fixed.length) {
    await expect(rows).toHaveCount(fixed.length);
    expect((await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-external-id')!))).sort()).toEqual(fixed);
  } else {
    await expect(page.getByTestId('empty-state')).toBeVisible();
  }
  await page.getByTestId('show-broken').click();
  if (broken.length) await expect(rows).toHaveCount(broken.length);
  else await expect(page.getByTestId('empty-state')).toBeVisible();
});
