/** A queue worker as a separate process would have it: its own database client and engines. */
import { SampleWriter } from '../../src/analysis/sample-writer';
import { createPrisma } from '../../src/db/prisma';
import { EnginePool } from '../../src/engine/engine-pool';
import { BatchWorker } from '../../src/jobs/batch-worker';
import { ArtifactStore } from '../../src/storage/artifact-store';
import { DataRoot } from '../../src/storage/data-root';
import type { TestApi } from './test-api';

export interface TestWorker {
  worker: BatchWorker;
  stop(): Promise<void>;
}

export async function startTestWorker(t: TestApi): Promise<TestWorker> {
  const prisma = createPrisma(t.db.url);
  // One thread each: two workers share the test machine's cores with the other test file.
  const engines = new EnginePool({ device: 'cpu', threads: 1 });
  const deps = { prisma, engines, writer: new SampleWriter(prisma, new ArtifactStore(t.config.artifactDir)), dataRoot: new DataRoot(t.config.dataRoot) };
  const worker = await BatchWorker.start(deps, t.db.url, () => undefined, { pollingIntervalSeconds: 0.5 });
  return {
    worker,
    async stop() {
      await worker.stop();
      await engines.dispose();
      await prisma.$disconnect();
    },
  };
}
