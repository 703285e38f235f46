/**
 * Registering models: a path under the data root is loaded by the engine (which checks the ONNX
 * file and its gradcam.json), then stored once per (path, content) together with its ad-hoc run.
 */
import { loadModel, type LoadedModel, type Task } from 'gradcam-core';
import type { Model } from '../../generated/prisma/client';
import { ModelTask } from '../../generated/prisma/enums';
import type { PrismaClient } from '../../db/prisma';
import { isUniqueViolation } from '../../db/prisma';
import { notFound } from '../../errors/api-error';
import { isUuid } from '../../db/uuid';
import { engineCall } from '../../errors/engine-errors';
import type { DataRoot } from '../../storage/data-root';
import type { InputLayer, ModelType } from './model.type';

export const ADHOC_RUN_NAME = 'ad-hoc';

/** The engine's task name -> the stored one. */
export const MODEL_TASK: Record<Task, ModelTask> = { multiclass: ModelTask.MULTICLASS, binary: ModelTask.BINARY, multilabel: ModelTask.MULTILABEL, regression: ModelTask.REGRESSION };

export function toModelType(model: Model): ModelType {
  const layers = (model.targetLayers ?? {}) as Record<string, string>;
  return { ...model, targetLayers: Object.entries(layers).map(([input, layer]): InputLayer => ({ input, layer })) };
}

export class ModelService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly dataRoot: DataRoot,
    /** Whether the engine can run a new model (e.g. EnginePool.check); throws what it cannot. */
    private readonly checkRunnable?: (loaded: LoadedModel) => Promise<void>,
  ) {}

  /** The model's absolute path on this machine. */
  absolutePath(model: Pick<Model, 'path'>): string {
    return this.dataRoot.resolve(model.path, 'model path');
  }

  async get(id: string): Promise<Model> {
    const model = isUuid(id) ? await this.prisma.model.findUnique({ where: { id } }) : null;
    if (!model) throw notFound('model', id);
    return model;
  }

  list(): Promise<Model[]> {
    return this.prisma.model.findMany({ orderBy: [{ name: 'asc' }, { version: 'asc' }] });
  }

  async register(path: string): Promise<Model> {
    const absolute = this.dataRoot.resolve(path, 'model path');
    const loaded = await engineCall(() => loadModel(absolute));
    const stored = this.dataRoot.relative(absolute);
    const task = MODEL_TASK[loaded.config.task];
    for (let attempt = 0; ; attempt++) {
      const existing = await this.prisma.model.findUnique({ where: { path_sha256: { path: stored, sha256: loaded.sha256 } } });
      // Rows from before tasks were stored say MULTICLASS; the gradcam.json read now says what it is.
      if (existing && existing.task !== task) return this.prisma.model.update({ where: { id: existing.id }, data: { task } });
      if (existing) return existing;
      if (attempt === 0) await this.checkRunnable?.(loaded);
      try {
        return await this.prisma.$transaction(async (tx) => {
          const latest = await tx.model.findFirst({ where: { name: loaded.name }, orderBy: { version: 'desc' } });
          const model = await tx.model.create({
            data: {
              name: loaded.name,
              version: (latest?.version ?? 0) + 1,
              sha256: loaded.sha256,
              path: stored,
              inputs: loaded.config.inputs.map((s) => s.name),
              classNames: loaded.config.classes,
              task,
              targetLayers: loaded.config.targetLayers,
            },
          });
          await tx.run.create({ data: { modelId: model.id, kind: 'ADHOC', name: ADHOC_RUN_NAME, status: 'RUNNING', startedAt: new Date() } });
          return model;
        });
      } catch (err) {
        // Registered concurrently by another request: the loop finds it (or takes the next version).
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  }
}
