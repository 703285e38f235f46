/**
 * analyzeSample: check the request, load its images, run the engine, persist the sample with its
 * heat maps. Every check that needs no engine comes first, so a bad request costs nothing.
 */
import { randomUUID } from 'node:crypto';
import { camResultOfRow, loadSampleFiles } from 'gradcam-core';
import type { Model, Run } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';
import { ApiError, badInput, notFound } from '../../errors/api-error';
import { asApiError, isCallerError } from '../../errors/engine-errors';
import { DEFAULT_METHOD, type EnginePool } from '../../engine/engine-pool';
import type { SampleWriter } from '../../analysis/sample-writer';
import type { DataRoot } from '../../storage/data-root';
import type { ModelService } from '../model/model.service';
import type { AnalyzeSampleInput } from './analyze-sample.input';
import { checkImageInputs, sampleFiles, type SampleFiles } from './sample-images';

export class AnalyzeSampleService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly models: ModelService,
    private readonly engines: EnginePool,
    private readonly writer: SampleWriter,
    private readonly dataRoot: DataRoot,
  ) {}

  private async target(input: AnalyzeSampleInput): Promise<{ run: Run; model: Model }> {
    if (Boolean(input.modelId) === Boolean(input.runId)) throw badInput('give exactly one of modelId or runId');
    if (input.runId) {
      const run = await this.prisma.run.findUnique({ where: { id: input.runId }, include: { model: true } });
      if (!run) throw notFound('run', input.runId);
      if (run.status === 'CANCELLED') throw badInput(`run ${run.id} is cancelled`);
      return { run, model: run.model };
    }
    const model = await this.models.get(input.modelId!);
    const run = await this.prisma.run.findFirst({ where: { modelId: model.id, kind: 'ADHOC' } });
    if (!run) throw new Error(`model ${model.id} has no ad-hoc run`);
    return { run, model };
  }

  /** Explains and stores the sample; returns its id. */
  async analyze(input: AnalyzeSampleInput): Promise<string> {
    const { run, model } = await this.target(input);
    const method = input.method ?? run.method ?? DEFAULT_METHOD;
    if (run.method && method !== run.method) throw badInput(`run ${run.id} uses ${run.method}; its samples cannot use ${method}`);
    const k = model.classNames.length;
    if (input.trueClass !== undefined && input.trueClass !== null && input.trueClass >= k) throw badInput(`trueClass ${input.trueClass} is not a class index 0..${k - 1}`);
    checkImageInputs(input.images, model.inputs);
    if (await this.prisma.sample.findUnique({ where: { runId_externalId: { runId: run.id, externalId: input.externalId } }, select: { id: true } }))
      throw new ApiError(`sample '${input.externalId}' already exists in run ${run.id}`, 'CONFLICT');

    const engineModel = { id: model.id, path: this.models.absolutePath(model) };
    const engine = await this.engines.engine(engineModel, method);
    const files = await sampleFiles(input.images, this.dataRoot);
    try {
      const loaded = await this.load(files, engine.model.config.inputs);
      const started = performance.now();
      const out = await engine.run(loaded.inputs, input.targetClass ?? undefined).catch((err: unknown) => Promise.reject(asApiError(err)));
      const engineMs = performance.now() - started;
      const id = randomUUID();
      await this.writer.save(run.id, model.inputs, [{ id, externalId: input.externalId, trueClass: input.trueClass ?? null, method, cam: camResultOfRow(out, 0), engineMs, display: loaded.display }]);
      return id;
    } finally {
      await files.cleanup();
    }
  }

  /** Decodes the files; an unreadable image is the caller's error, named as the caller named it. */
  private async load(files: SampleFiles, specs: Parameters<typeof loadSampleFiles>[0]): ReturnType<typeof loadSampleFiles> {
    try {
      return await loadSampleFiles(specs, files.files);
    } catch (err) {
      if (!isCallerError(err)) throw err;
      let message = err.message;
      for (const [file, alias] of files.aliases) message = message.split(file).join(alias);
      throw badInput(message, err);
    }
  }
}
