/**
 * analyzeSample: check the request, load its images, run the engine, persist the sample with its
 * heat maps. Every check that needs no engine comes first, so a bad request costs nothing.
 */
import { randomUUID } from 'node:crypto';
import { camResultOfRow, type InputFile, loadSampleFiles } from 'gradcam-core';
import type { Model, Run } from '../../generated/prisma/client';
import type { Database } from '../../db/prisma';
import { ApiError, badInput, notFound } from '../../errors/api-error';
import { asApiError, isCallerError } from '../../errors/engine-errors';
import { DEFAULT_METHOD, type EnginePool } from '../../engine/engine-pool';
import type { SampleWriter } from '../../analysis/sample-writer';
import { sampleExists } from '../../analysis/sample-rows.sql';
import type { DataRoot } from '../../storage/data-root';
import type { ModelService } from '../model/model.service';
import type { AnalyzeSampleInput } from './analyze-sample.input';
import { toSampleType } from './sample.mapper';
import type { SampleType } from './sample.type';
import { checkImageInputs, sampleFiles } from './sample-images';
import { sampleTruth } from './sample-truth';

export class AnalyzeSampleService {
  constructor(
    private readonly db: Database,
    private readonly models: ModelService,
    private readonly engines: EnginePool,
    private readonly writer: SampleWriter,
    private readonly dataRoot: DataRoot,
  ) {}

  /** A model and its ad-hoc run never change once registered: looked up once per process. */
  private readonly adHoc = new Map<string, Promise<{ run: Run; model: Model }>>();

  private adHocTarget(modelId: string): Promise<{ run: Run; model: Model }> {
    let target = this.adHoc.get(modelId);
    if (!target) {
      target = (async () => {
        const model = await this.models.get(modelId);
        const run = await this.db.prisma.run.findFirst({ where: { modelId: model.id, kind: 'ADHOC' } });
        if (!run) throw new Error(`model ${model.id} has no ad-hoc run`);
        return { run, model };
      })();
      this.adHoc.set(modelId, target);
      target.catch(() => this.adHoc.delete(modelId));
    }
    return target;
  }

  private async target(input: AnalyzeSampleInput): Promise<{ run: Run; model: Model }> {
    if (Boolean(input.modelId) === Boolean(input.runId)) throw badInput('give exactly one of modelId or runId');
    if (!input.runId) return this.adHocTarget(input.modelId!);
    const run = await this.db.prisma.run.findUnique({ where: { id: input.runId }, include: { model: true } });
    if (!run) throw notFound('run', input.runId);
    if (run.status === 'CANCELLED') throw badInput(`run ${run.id} is cancelled`);
    return { run, model: run.model };
  }

  /** Explains and stores the sample. */
  async analyze(input: AnalyzeSampleInput): Promise<SampleType> {
    const { run, model } = await this.target(input);
    const method = input.method ?? run.method ?? DEFAULT_METHOD;
    if (run.method && method !== run.method) throw badInput(`run ${run.id} uses ${run.method}; its samples cannot use ${method}`);
    const truth = sampleTruth(input, model);
    checkImageInputs(input.images, model.inputs);
    const engine = await this.engines.engine({ id: model.id, path: this.models.absolutePath(model) }, method);
    const files = sampleFiles(input.images, this.dataRoot);
    // The duplicate check and the decoding overlap; both come before the engine runs.
    const [existing, loaded] = await Promise.all([
      sampleExists(this.db.pool, run.id, input.externalId),
      this.load(files, engine.model.config.inputs),
    ]);
    if (existing) throw new ApiError(`sample '${input.externalId}' already exists in run ${run.id}`, 'CONFLICT');
    const started = performance.now();
    const out = await engine.run(loaded.inputs, input.targetClass ?? undefined).catch((err: unknown) => Promise.reject(asApiError(err)));
    const engineMs = performance.now() - started;
    const explained = { id: randomUUID(), externalId: input.externalId, truth, method, cam: camResultOfRow(out, 0), engineMs, display: loaded.display };
    const [saved] = await this.writer.save(run.id, model.inputs, [explained]);
    return toSampleType({ ...saved!.sample, heatmaps: saved!.heatmaps, run: { model } });
  }

  /** Decodes the files; an unreadable image is the caller's error. */
  private async load(files: Record<string, InputFile>, specs: Parameters<typeof loadSampleFiles>[0]): ReturnType<typeof loadSampleFiles> {
    try {
      return await loadSampleFiles(specs, files);
    } catch (err) {
      if (!isCallerError(err)) throw err;
      throw badInput(err.message, err);
    }
  }
}
