/** Everything the resolvers and workers use, built once per process from the configuration. */
import type { ApiConfig } from '../config/env';
import { createPrisma, type PrismaClient } from '../db/prisma';
import { EnginePool } from '../engine/engine-pool';
import { SampleWriter } from '../analysis/sample-writer';
import { ModelService } from '../modules/model/model.service';
import { AnalyzeSampleService } from '../modules/sample/analyze-sample.service';
import { SampleService } from '../modules/sample/sample.service';
import { RunService } from '../modules/run/run.service';
import { RunSummaryService } from '../modules/summary/run-summary.service';
import { ArtifactStore } from '../storage/artifact-store';
import { DataRoot } from '../storage/data-root';

export interface ApiServices {
  config: ApiConfig;
  prisma: PrismaClient;
  dataRoot: DataRoot;
  artifacts: ArtifactStore;
  engines: EnginePool;
  writer: SampleWriter;
  models: ModelService;
  samples: SampleService;
  analyzer: AnalyzeSampleService;
  runs: RunService;
  summaries: RunSummaryService;
}

export function createServices(config: ApiConfig, databaseUrl: string): ApiServices {
  const prisma = createPrisma(databaseUrl);
  const dataRoot = new DataRoot(config.dataRoot);
  const artifacts = new ArtifactStore(config.artifactDir);
  const engines = new EnginePool({ device: config.device, threads: config.threads });
  const writer = new SampleWriter(prisma, artifacts);
  const models = new ModelService(prisma, dataRoot);
  return {
    config,
    prisma,
    dataRoot,
    artifacts,
    engines,
    writer,
    models,
    samples: new SampleService(prisma),
    analyzer: new AnalyzeSampleService(prisma, models, engines, writer, dataRoot),
    runs: new RunService(prisma),
    summaries: new RunSummaryService(prisma),
  };
}

export async function disposeServices(services: ApiServices): Promise<void> {
  await services.engines.dispose();
  await services.prisma.$disconnect();
}
