/** What a researcher sees when something is missing: a run that does not exist, a filter that matches nothing. */
import { expect, screenshot, test } from './support/fixtures';

test('an unknown run says so and links back to the runs', async ({ page, stack }) => {
  await page.goto(`${stack.webUrl}/runs/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the runs' })).toBeVisible();
});

// Below 1 / (number of classes) no prediction can be: the top probability is at least that.
test('a filter that matches nothing offers to clear the filters', async ({ page, stack }) => {
  await page.goto(`${stack.webUrl}/runs/${stack.seed.current.runId}/samples?min=0&max=20`);
  const empty = page.getByTestId('empty-state');
  await expect(empty).toContainText('No sample matches');
  await empty.getByRole('link', { name: 'Clear the filters' }).click();
  await expect(page.getByTestId('sample-card').first()).toBeVisible();
  await screenshot(page, '09-samples-all');
});

test('the compare page asks for two runs before comparing', async ({ page, stack }) => {
  await page.goto(`${stack.webUrl}/compare`);
  await expect(page.getByTestId('empty-state')).toContainText('Pick the two runs');
});
