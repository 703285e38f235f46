/** Everything the resolvers and workers use, built once per process from the configuration. */
import type { ApiConfig } from '../config/env';
import { openDatabase, type Database, type PrismaClient } from '../db/prisma';
import { EnginePool } from '../engine/engine-pool';
import { SampleWriter } from '../analysis/sample-writer';
import { BatchQueue } from '../jobs/batch-queue';
import { queuePolicy } from '../jobs/pg-boss';
import { BatchService } from '../modules/batch/batch.service';
import { CompareService } from '../modules/compare/compare.service';
import { ModelService } from '../modules/model/model.service';
import { RunService } from '../modules/run/run.service';
import { AnalyzeSampleService } from '../modules/sample/analyze-sample.service';
import { SampleService } from '../modules/sample/sample.service';
import { RunSummaryService } from '../modules/summary/run-summary.service';
import { ArtifactStore } from '../storage/artifact-store';
import { DataRoot } from '../storage/data-root';

export interface ApiServices {
  config: ApiConfig;
  prisma: PrismaClient;
  database: Database;
  dataRoot: DataRoot;
  artifacts: ArtifactStore;
  engines: EnginePool;
  writer: SampleWriter;
  queue: BatchQueue;
  models: ModelService;
  samples: SampleService;
  analyzer: AnalyzeSampleService;
  runs: RunService;
  summaries: RunSummaryService;
  batches: BatchService;
  compare: CompareService;
}

export async function createServices(config: ApiConfig, databaseUrl: string, log: (line: string) => void): Promise<ApiServices> {
  const database = openDatabase(databaseUrl);
  const { prisma } = database;
  const dataRoot = new DataRoot(config.dataRoot);
  const artifacts = new ArtifactStore(config.artifactDir);
  const engines = new EnginePool({ device: config.device, threads: config.threads });
  const writer = new SampleWriter(database, artifacts);
  const models = new ModelService(prisma, dataRoot, (loaded) => engines.check(loaded));
  const runs = new RunService(prisma);
  let queue: BatchQueue;
  try {
    queue = await BatchQueue.start(databaseUrl, log, queuePolicy(config));
  } catch (err) {
    await database.close();
    throw err;
  }
  return {
    config,
    prisma,
    database,
    dataRoot,
    artifacts,
    engines,
    writer,
    queue,
    models,
    samples: new SampleService(prisma),
    analyzer: new AnalyzeSampleService(database, models, engines, writer, dataRoot),
    runs,
    summaries: new RunSummaryService(prisma),
    batches: new BatchService(prisma, models, runs, engines, queue, dataRoot, artifacts),
    compare: new CompareService(prisma, runs),
  };
}

export async function disposeServices(services: ApiServices): Promise<void> {
  await services.queue.stop();
  await services.engines.dispose();
  await services.database.close();
}
