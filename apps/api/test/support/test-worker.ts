/** A queue worker as a separate process would have it: its own database client and engines. */
import { BatchWorker } from '../../src/jobs/batch-worker';
import { createWorkerDeps } from '../../src/jobs/worker-deps';
import type { TestApi } from './test-api';

export interface TestWorker {
  worker: BatchWorker;
  stop(): Promise<void>;
}

export async function startTestWorker(t: TestApi): Promise<TestWorker> {
  // One thread each: two workers share the test machine's cores with the other test file.
  const deps = createWorkerDeps({ ...t.config, device: 'cpu', threads: 1 }, t.db.url);
  const worker = await BatchWorker.start(deps, t.db.url, () => undefined, { pollingIntervalSeconds: 0.5, chunkRetries: t.config.chunkRetries, chunkExpireSeconds: t.config.chunkExpireSeconds });
  return {
    worker,
    async stop() {
      await worker.stop();
      await deps.dispose();
    },
  };
}
