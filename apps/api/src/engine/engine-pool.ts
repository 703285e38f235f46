/**
 * One CamEngine per (model, CAM method), created on first use and kept: compiling and opening a
 * session costs seconds, a run milliseconds. A creation that fails is forgotten, so a later call
 * may try again.
 */
import { CAM_METHODS, CamEngine, type Device, loadModel, type LoadedModel } from 'gradcam-core';
import { badInput } from '../errors/api-error';
import { engineCall } from '../errors/engine-errors';

export const DEFAULT_METHOD = 'gradcam';

export interface EngineModel {
  id: string;
  /** Absolute path of the model (file or folder). */
  path: string;
}

export function checkMethod(method: string): string {
  if (!CAM_METHODS.has(method)) throw badInput(`unknown CAM method '${method}'; methods: ${[...CAM_METHODS.keys()].join(', ')}`);
  return method;
}

export class EnginePool {
  private readonly engines = new Map<string, Promise<CamEngine>>();
  private readonly models = new Map<string, LoadedModel>();

  constructor(private readonly options: { device: Device; threads?: number }) {}

  /** The model's files, read once per model id. */
  loaded(model: EngineModel): LoadedModel {
    let loaded = this.models.get(model.id);
    if (!loaded) {
      loaded = loadModel(model.path);
      this.models.set(model.id, loaded);
    }
    return loaded;
  }

  engine(model: EngineModel, method: string = DEFAULT_METHOD): Promise<CamEngine> {
    checkMethod(method);
    const key = `${model.id}\0${method}`;
    let engine = this.engines.get(key);
    if (!engine) {
      engine = engineCall(() => CamEngine.create(this.loaded(model), { method, device: this.options.device, threads: this.options.threads }));
      this.engines.set(key, engine);
      engine.catch(() => this.engines.delete(key));
    }
    return engine;
  }

  /**
   * Builds an engine for a model about to be registered and lets it go: what it cannot run (an op
   * without a gradient rule) is refused at registration rather than at its first sample. The
   * compile cache keeps the compiled graph for the engine that `engine()` opens later.
   */
  async check(loaded: LoadedModel): Promise<void> {
    const engine = await engineCall(() => CamEngine.create(loaded, { method: DEFAULT_METHOD, device: this.options.device, threads: this.options.threads }));
    await engine.dispose();
  }

  async dispose(): Promise<void> {
    const engines = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(engines.map(async (e) => (await e.catch(() => undefined))?.dispose()));
  }
}
