/**
 * One stack for the whole browser suite: the API's own CLI (apps/api/dist/main.js), which starts
 * an embedded PostgreSQL in a temp folder when DATABASE_URL is unset, on free ports; real analyses
 * of demo samples and of tiny multi-label and regression models; then `next start` of the built
 * dashboard pointed at that API. The data root is a temp folder holding a copy of the demo model
 * (the API refuses paths that lead outside its root) and the tiny models written by the suite.
 */
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, type Service, startService, waitForHttp } from './processes';
import { seedDemoRuns } from './seed';
import { writeTaskModels } from './seed-tasks';
import { STATE_FILE_VARIABLE, type StackState } from './stack-state';

const WEB_ROOT = resolve(__dirname, '../..');
const REPO_ROOT = resolve(WEB_ROOT, '../..');
/** Rows of the demo manifest each seeded run explains: two pages of the samples grid. */
const SEED_ROWS = 28;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const apiMain = process.env.GRADCAM_TEST_API_MAIN ?? join(REPO_ROOT, 'apps/api/dist/main.js');
  if (!existsSync(apiMain)) throw new Error(`${apiMain} is missing: build the API first (npm run build -w apps/api; turbo does it for npm test)`);
  if (!existsSync(join(WEB_ROOT, '.next/BUILD_ID'))) throw new Error('the dashboard is not built: npm run build -w apps/web');

  const dir = await mkdtemp(join(tmpdir(), 'gradcam-web-test-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as its own user and must reach its folder
  const services: Service[] = [];
  const teardown = async (): Promise<void> => {
    for (const s of services.reverse()) await s.stop();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const dataRoot = join(dir, 'data');
    await cp(join(REPO_ROOT, 'models/demo'), join(dataRoot, 'demo'), { recursive: true });
    writeTaskModels(dataRoot);
    const [pgPort, apiPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const api = startService('api', process.execPath, [apiMain], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: '',
        GRADCAM_PG_DATA_DIR: join(dir, 'pg'),
        GRADCAM_PG_PORT: String(pgPort),
        GRADCAM_ARTIFACT_DIR: join(dir, 'artifacts'),
        GRADCAM_DATA_ROOT: dataRoot,
        GRADCAM_MODEL_DIR: join(dataRoot, 'demo'),
        GRADCAM_DEVICE: 'cpu',
        GRADCAM_API_KEY: '',
        PORT: String(apiPort),
      },
    });
    services.push(api);
    const apiOrigin = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(api, `${apiOrigin}/health`, 90_000);
    const apiUrl = `${apiOrigin}/graphql`;
    const seed = await seedDemoRuns(apiUrl, SEED_ROWS);

    const web = startService('web', process.execPath, [require.resolve('next/dist/bin/next', { paths: [WEB_ROOT] }), 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
      cwd: WEB_ROOT,
      env: { ...process.env, GRADCAM_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    });
    services.push(web);
    const webUrl = `http://127.0.0.1:${webPort}`;
    await waitForHttp(web, `${webUrl}/runs`, 60_000);

    const state: StackState = { webUrl, apiUrl, seed };
    const stateFile = join(dir, 'state.json');
    await writeFile(stateFile, JSON.stringify(state, null, 2));
    process.env[STATE_FILE_VARIABLE] = stateFile;
    const wrong = (r: typeof seed.current): number => r.samples.filter((s) => !s.correct).length;
    console.log(
      `[stack] API + PostgreSQL + dashboard up and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${seed.current.samples.length} samples per run, ${wrong(seed.current)} wrong (${seed.current.modelName}), ${wrong(seed.earlier)} wrong (${seed.earlier.modelName})`,
    );
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
