/**
 * The artifact folder full (ENOSPC) or read-only (EROFS): analyzeSample fails with
 * ARTIFACT_STORAGE and stores nothing; a batch's samples fail with the reason and the run still
 * completes; once space is back, samples are stored again. The folder is a small tmpfs mounted for
 * the test (as root); where mounting is not allowed the test says so and is skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFinished, startBatchRun } from './support/batch-run';
import { demoImagesBase64 } from './support/demo-samples';
import { errorCode, ok, startTestApi, type TestApi } from './support/test-api';
import { startTestWorker } from './support/test-worker';

const MOUNT = mkdtempSync(join(tmpdir(), 'gradcam-small-disk-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', MOUNT]).status === 0;
if (!mounted) console.warn(`artifact-storage tests skipped: cannot mount a tmpfs at ${MOUNT} (needs root with CAP_SYS_ADMIN)`);
const maybe = mounted ? describe : describe.skip;

const ANALYZE = `mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { id } }`;
const FILLER = join(MOUNT, 'filler');
let t: TestApi;
let modelId: string;

/** Fills the tmpfs to the last byte. */
function fillDisk(): void {
  const out = spawnSync('dd', ['if=/dev/zero', `of=${FILLER}`, 'bs=4k']);
  if (!/No space left/.test(out.stderr.toString())) throw new Error(`could not fill ${MOUNT}: ${out.stderr.toString()}`);
}

const artifactFiles = (): string[] => readdirSync(join(MOUNT, 'artifacts'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

maybe('an artifact folder that cannot take files', () => {
  beforeAll(async () => {
    t = await startTestApi({ artifactDir: join(MOUNT, 'artifacts'), chunkRetries: 0 });
    modelId = ok(await t.gql('{ models { id } }')).models[0].id;
  });
  afterAll(async () => {
    await t?.stop();
    execFileSync('umount', [MOUNT]);
    rmSync(MOUNT, { recursive: true, force: true });
  });

  const analyze = (externalId: string) => t.gql(ANALYZE, { input: { modelId, externalId, images: demoImagesBase64('s0001') } });

  test('disk full: analyzeSample is refused with ARTIFACT_STORAGE and nothing is stored; a batch reports each sample failed', async () => {
    fillDisk();
    const res = await analyze('full-disk');
    expect(errorCode(res)).toBe('ARTIFACT_STORAGE');
    expect(res.errors![0]!.message).toBe("the heat maps could not be stored: the artifact folder's disk is full (ENOSPC); nothing was saved");
    expect(res.errors![0]!.message).not.toContain(MOUNT);
    expect(await t.api.services.prisma.sample.count({ where: { externalId: 'full-disk' } })).toBe(0);
    expect(artifactFiles()).toEqual([]);

    const runId = await startBatchRun(t.gql, { batchSize: 2, limit: 4 });
    const worker = await startTestWorker(t);
    try {
      const run = await runFinished(t.gql, runId, 60_000);
      expect(run).toMatchObject({ status: 'COMPLETED', progress: { total: 4, done: 0, failed: 4 } });
      for (const f of run.failures) expect(f.error).toMatch(/the chunk failed 1 time\(s\): the heat maps could not be stored: the artifact folder's disk is full \(ENOSPC\)/);
    } finally {
      await worker.stop();
    }
    expect(artifactFiles()).toEqual([]);
  });

  test('space back: samples are stored again', async () => {
    rmSync(FILLER);
    expect(ok(await analyze('space-back')).analyzeSample.id).toBeTruthy();
    expect(artifactFiles()).toEqual(['heatmaps.bin']);
  });

  test('read-only folder: analyzeSample is refused with ARTIFACT_STORAGE and nothing is stored', async () => {
    execFileSync('mount', ['-o', 'remount,ro', MOUNT]);
    try {
      const res = await analyze('read-only');
      expect(errorCode(res)).toBe('ARTIFACT_STORAGE');
      expect(res.errors![0]!.message).toBe('the heat maps could not be stored: the artifact folder is on a read-only file system (EROFS); nothing was saved');
      expect(await t.api.services.prisma.sample.count({ where: { externalId: 'read-only' } })).toBe(0);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', MOUNT]);
    }
    expect(artifactFiles()).toEqual(['heatmaps.bin']);
  });
});
