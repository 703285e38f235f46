/** What a researcher sees when something is missing: a run that does not exist, a filter that matches nothing. */
import { resolve } from 'node:path';
import { expect, screenshot, test } from './support/fixtures';
import { freePort, startService, waitForHttp } from './support/processes';

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

test('with the API down, the dashboard says so and how to start it', async ({ page }) => {
  // A second dashboard pointed at a port where nothing listens.
  const webRoot = resolve(__dirname, '..');
  const port = await freePort();
  const web = startService('web (no API)', process.execPath, [require.resolve('next/dist/bin/next', { paths: [webRoot] }), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: webRoot,
    env: { ...process.env, GRADCAM_API_URL: `http://127.0.0.1:${await freePort()}/graphql`, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  try {
    // The page itself answers 200: it renders the problem instead of failing.
    await waitForHttp(web, `http://127.0.0.1:${port}/runs`, 60_000);
    await page.goto(`http://127.0.0.1:${port}/runs`);
    const problem = page.getByTestId('problem-state');
    await expect(problem).toContainText('The GradCAM API is not reachable');
    await expect(problem).toContainText('npm start -w apps/api');
    await screenshot(page, '11-api-down');
  } finally {
    await web.stop();
  }
});
