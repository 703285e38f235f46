/**
 * Where the API listens: loopback unless GRADCAM_HOST says otherwise, since the samples are
 * patients' scans; listening elsewhere without authentication says so at start.
 */
import { networkInterfaces } from 'node:os';
import { readConfig } from '../src/config/env';
import { startTestApi, type TestApi } from './support/test-api';

/** An address of this machine that is not loopback, if it has one. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

const reachable = async (host: string, port: number): Promise<boolean> =>
  fetch(`http://${host}:${port}/graphql?query=%7B__typename%7D`).then(
    () => true,
    () => false,
  );

describe('the address the API listens on', () => {
  let t: TestApi | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  test('loopback by default: reachable from this machine only, and no warning', async () => {
    expect(readConfig({}).host).toBe('127.0.0.1');
    const lines: string[] = [];
    t = await startTestApi({}, (l) => lines.push(l));
    expect(t.api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await reachable('127.0.0.1', t.api.port)).toBe(true);
    if (external) expect(await reachable(external, t.api.port)).toBe(false);
    expect(lines.filter((l) => l.startsWith('warning'))).toEqual([]);
  });

  test('GRADCAM_HOST=0.0.0.0 exposes it, and without a key it warns that anyone can read the scans', async () => {
    const lines: string[] = [];
    t = await startTestApi({ host: readConfig({ GRADCAM_HOST: '0.0.0.0' }).host }, (l) => lines.push(l));
    if (external) expect(await reachable(external, t.api.port)).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^warning: listening on 0\.0\.0\.0 without authentication: anyone who reaches this machine reads every run, sample and scan/));
  });

  test('exposed with GRADCAM_API_KEY set: the warning says reads are still open', async () => {
    const lines: string[] = [];
    t = await startTestApi({ host: '0.0.0.0', apiKey: 'k'.repeat(32) }, (l) => lines.push(l));
    expect(lines).toContainEqual(expect.stringMatching(/^warning: listening on 0\.0\.0\.0: mutations need GRADCAM_API_KEY, but queries and \/artifacts\/ need no authentication/));
  });
});
