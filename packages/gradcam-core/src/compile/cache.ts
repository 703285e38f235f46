/**
 * Compiled graphs, cached in memory and on disk by (model sha256, target layers, method, options,
 * compiler version): a second process opening the same model skips the probe and the compile.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoadedModel } from '../model/load';
import { type CompiledCam, compileCam, type CompileOptions } from './compiler';

/** Bump when the compiled graph for the same inputs changes. */
export const COMPILER_VERSION = 5;

export type CacheHit = 'memory' | 'disk' | 'miss';

export function defaultCacheDir(): string {
  return process.env.GRADCAM_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gradcam-studio');
}

export function cacheKey(model: LoadedModel, options: CompileOptions): string {
  const layers = { ...model.config.targetLayers, ...options.targetLayers };
  const parts = {
    v: COMPILER_VERSION,
    model: model.sha256,
    config: model.config,
    layers: Object.fromEntries(Object.entries(layers).sort()),
    method: options.method ?? 'gradcam',
    exposeGradients: options.exposeGradients ?? false,
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export class CompileCache {
  private readonly memory = new Map<string, CompiledCam>();

  /** `dir` null keeps the cache in memory only. */
  constructor(readonly dir: string | null = defaultCacheDir()) {}

  async get(model: LoadedModel, options: CompileOptions): Promise<{ compiled: CompiledCam; hit: CacheHit }> {
    const key = cacheKey(model, options);
    const inMemory = this.memory.get(key);
    if (inMemory) return { compiled: inMemory, hit: 'memory' };
    const fromDisk = this.readDisk(key);
    if (fromDisk) {
      this.memory.set(key, fromDisk);
      return { compiled: fromDisk, hit: 'disk' };
    }
    const compiled = await compileCam(model, options);
    this.memory.set(key, compiled);
    this.writeDisk(key, compiled);
    return { compiled, hit: 'miss' };
  }

  private readDisk(key: string): CompiledCam | undefined {
    if (!this.dir) return undefined;
    try {
      const meta = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as Omit<CompiledCam, 'bytes'>;
      return { ...meta, bytes: new Uint8Array(readFileSync(join(this.dir, `${key}.onnx`))) };
    } catch {
      return undefined; // absent or unreadable: compile again
    }
  }

  /** Best effort, atomic (write then rename): a failed write only costs the next process a compile. */
  private writeDisk(key: string, compiled: CompiledCam): void {
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const { bytes, ...meta } = compiled;
      const tmp = `.${process.pid}.tmp`;
      writeFileSync(join(this.dir, `${key}.onnx${tmp}`), bytes);
      renameSync(join(this.dir, `${key}.onnx${tmp}`), join(this.dir, `${key}.onnx`));
      writeFileSync(join(this.dir, `${key}.json${tmp}`), JSON.stringify(meta));
      renameSync(join(this.dir, `${key}.json${tmp}`), join(this.dir, `${key}.json`));
    } catch (err) {
      process.emitWarning(`could not write the compiled-graph cache in ${this.dir}: ${(err as Error).message}`);
    }
  }
}
