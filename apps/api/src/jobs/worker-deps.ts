/** What a worker process needs besides the queue: its own database client, engines and stores. */
import { SampleWriter } from '../analysis/sample-writer';
import type { ApiConfig } from '../config/env';
import { openDatabase } from '../db/prisma';
import { EnginePool } from '../engine/engine-pool';
import { ArtifactStore } from '../storage/artifact-store';
import { DataRoot } from '../storage/data-root';
import type { ChunkDeps } from './chunk-processor';

export interface WorkerDeps extends ChunkDeps {
  dispose(): Promise<void>;
}

export function createWorkerDeps(config: Pick<ApiConfig, 'artifactDir' | 'dataRoot' | 'device' | 'threads'>, databaseUrl: string): WorkerDeps {
  const database = openDatabase(databaseUrl);
  const { prisma } = database;
  const engines = new EnginePool({ device: config.device, threads: config.threads });
  const artifacts = new ArtifactStore(config.artifactDir);
  return {
    prisma,
    engines,
    artifacts,
    writer: new SampleWriter(database, artifacts),
    dataRoot: new DataRoot(config.dataRoot),
    async dispose() {
      await engines.dispose();
      await database.close();
    },
  };
}
