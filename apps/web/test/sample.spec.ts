/** The sample page: four overlays that really loaded, probabilities, contributions, the slider, colours. */
import { expect, expectImagesLoaded, screenshot, test } from './support/fixtures';

test('a sample opened from the grid shows its four overlays, probabilities and contributions', async ({ page, stack }) => {
  const run = stack.seed.current;
  const sample = run.samples.find((s) => !s.correct) ?? run.samples[0]!;
  // Through its confusion-matrix cell, so it is on the first page of the grid.
  await page.goto(`${stack.webUrl}/runs/${run.runId}/samples?true=${sample.trueClass}&pred=${sample.predictedClass}`);
  await page.locator(`[data-testid="sample-card"][data-external-id="${sample.externalId}"] a.title`).click();
  await expect(page).toHaveURL(new RegExp(`/samples/${sample.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Sample ${sample.externalId}`);

  await expect(page.getByTestId('input-row')).toHaveCount(stack.seed.inputs.length);
  await expectImagesLoaded(page, '[data-testid="original-image"]', 4);
  await expectImagesLoaded(page, '[data-testid="overlay-image"]', 4);
  await expectImagesLoaded(page, 'img[data-heatmap]', 8); // over each overlay, and alone
  await expect(page.getByTestId('probability-bars').getByRole('meter')).toHaveCount(stack.seed.classNames.length);
  await expect(page.getByTestId('contribution-bars').getByRole('meter')).toHaveCount(stack.seed.inputs.length);
  await screenshot(page, '05-sample');

  // The opacity slider is keyboard-operable and drives the heat map over the image.
  const slider = page.getByTestId('opacity-slider').first();
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const overlayMap = page.getByTestId('input-row').first().locator('.stack img[data-heatmap]').first();
  await expect.poll(async () => Number(await overlayMap.evaluate((el) => getComputedStyle(el).opacity))).toBeGreaterThan(0);

  // The colour-blind-safe colormap redraws every map.
  await page.getByTestId('colormap-picker').selectOption('viridis');
  await expect(page.locator('.stack canvas')).toHaveCount(8);
  await screenshot(page, '06-sample-viridis');
  await page.getByTestId('colormap-picker').selectOption('jet');
});

test('"explain another class" shows the maps of that class beside the first', async ({ page, stack }) => {
  const sample = stack.seed.current.samples[0]!;
  await page.goto(`${stack.webUrl}/samples/${sample.id}`);
  const other = page.getByTestId('explain-class').first();
  const otherName = (await other.textContent())!;
  await other.click();
  await expectImagesLoaded(page, '[data-testid="other-overlay-image"]', 4);
  await expect(page.getByTestId('input-row').first()).toContainText(`heat map · ${otherName}`);
  await screenshot(page, '07-sample-other-class');
});
