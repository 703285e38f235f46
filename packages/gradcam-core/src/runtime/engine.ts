/**
 * CamEngine: one compiled graph in one onnxruntime session. A run takes a batch of images per
 * input and returns scores, probabilities, target classes and one heat map per input and row.
 */
import * as ort from 'onnxruntime-node';
import type { ForwardCamOptions } from '../cam/forward/forward-method';
import { isForwardMethod } from '../cam/forward/forward-method';
import { ForwardCamRunner } from '../cam/forward/runner';
import { camMethod } from '../cam/methods';
import { CompileCache, type CacheHit } from '../compile/cache';
import { type CompiledCam, type CompileOptions, OUT, SEED_INPUT } from '../compile/compiler';
import type { Task } from '../model/config';
import { loadModel, type LoadedModel } from '../model/load';
import { openSession, type ResolvedDevice, type SessionOptions } from './device';

/** One input's batch: float32 values, [N,C,H,W]. */
export interface InputTensor {
  data: Float32Array;
  dims: number[];
}

export interface CamBatch {
  device: ResolvedDevice;
  method: string;
  layers: Record<string, string>;
  /** The head's task (model/config.ts): what the probabilities and predictions below mean. */
  task: Task;
  /** Per row: the score output as the model gives it (logits, probabilities or raw values). */
  scores: Float32Array[];
  /** Per row: softmax (multiclass), [1 − σ, σ] (binary), σ per label (multilabel); empty for regression. */
  probabilities: Float32Array[];
  /** Per row: the most probable class (binary: σ ≥ 0.5; multilabel: the most probable label); −1 for regression. */
  predictedClass: number[];
  /** Per row: the predicted class's probability; NaN for regression. */
  confidence: number[];
  /** Multilabel only: per row, every label with σ ≥ 0.5. */
  predictedLabels?: number[][];
  /** The class, label or output each row's maps explain. */
  targetClass: number[];
  /** Per input, per row: the normalised map [H·W], row-major. */
  heatmaps: Record<string, Float32Array[]>;
  rawMin: Record<string, number[]>;
  rawMax: Record<string, number[]>;
  /**
   * Gradient methods: per input, per row, Σ gradient × activation over the target layer — the
   * input's share of the target score when a pooled linear head follows (cam/contribution.ts).
   */
  branchContributions?: Record<string, number[]>;
  /** With `exposeGradients`: target-layer activations and gradients per input, [N,C,h,w]. */
  activations?: Record<string, InputTensor>;
  gradients?: Record<string, InputTensor>;
}

export class InputError extends Error {
  override name = 'InputError';
}

/** `batchSize` and `onProgress` apply to the forward methods (scorecam, ablationcam). */
export interface EngineOptions extends CompileOptions, SessionOptions, ForwardCamOptions {
  cache?: CompileCache;
}

export class CamEngine {
  private disposed = false;

  private constructor(
    readonly model: LoadedModel,
    readonly compiled: CompiledCam,
    private readonly session: ort.InferenceSession,
    readonly device: ResolvedDevice,
    /** How the compiled graph was obtained, and how long compiling took (0 on a cache hit). */
    readonly cacheHit: CacheHit,
    readonly compileMs: number,
    /** Score-CAM, Ablation-CAM: their passes and maps, after the compiled graph's run. */
    private readonly forward?: ForwardCamRunner,
  ) {}

  /** Runs so far and the time spent inside onnxruntime's run (compiled graph only), for reports. */
  readonly usage = { runs: 0, sessionMs: 0 };

  static async create(model: LoadedModel | string, options: EngineOptions = {}): Promise<CamEngine> {
    const loaded = typeof model === 'string' ? loadModel(model) : model;
    const started = performance.now();
    const { compiled, hit } = await (options.cache ?? new CompileCache()).get(loaded, options);
    const compileMs = hit === 'miss' ? performance.now() - started : 0;
    const { session, device } = await openSession(compiled.bytes, options);
    const method = camMethod(compiled.method);
    let forward: ForwardCamRunner | undefined;
    if (isForwardMethod(method)) {
      try {
        forward = await ForwardCamRunner.create(loaded, compiled, method, session, device, options);
      } catch (err) {
        await session.release();
        throw err;
      }
    }
    return new CamEngine(loaded, compiled, session, device, hit, compileMs, forward);
  }

  get layers(): Record<string, string> {
    return this.compiled.layers;
  }

  private checkInputs(inputs: Readonly<Record<string, InputTensor>>): number {
    const specs = this.model.config.inputs;
    const unknown = Object.keys(inputs).filter((k) => !specs.some((s) => s.name === k));
    if (unknown.length) throw new InputError(`unknown input(s) ${unknown.join(', ')}; the model takes ${specs.map((s) => s.name).join(', ')}`);
    let batch: number | undefined;
    for (const spec of specs) {
      const t = inputs[spec.name];
      if (!t) throw new InputError(`missing input '${spec.name}'`);
      const want = [spec.channels, spec.height, spec.width];
      if (t.dims.length !== 4 || t.dims.slice(1).some((d, i) => d !== want[i]))
        throw new InputError(`input '${spec.name}' is [${t.dims.join(',')}], expected [N,${want.join(',')}]`);
      if (t.data.length !== t.dims.reduce((a, c) => a * c, 1)) throw new InputError(`input '${spec.name}' holds ${t.data.length} values for shape [${t.dims.join(',')}]`);
      if (batch !== undefined && t.dims[0] !== batch) throw new InputError(`inputs disagree on the batch size (${batch} vs ${t.dims[0]} for '${spec.name}')`);
      batch = t.dims[0]!;
    }
    if (!batch) throw new InputError('empty batch');
    return batch;
  }

  /** The seed: one-hot rows for explicit targets, zero rows for "the predicted class". */
  private seed(batch: number, targetClass: number | readonly (number | undefined)[] | undefined): ort.Tensor {
    const k = this.compiled.numClasses;
    const perRow = Array.isArray(targetClass) ? targetClass : Array<number | undefined>(batch).fill(targetClass as number | undefined);
    if (perRow.length !== batch) throw new InputError(`${perRow.length} target classes for a batch of ${batch}`);
    const data = new Float32Array(batch * k);
    perRow.forEach((c, row) => {
      if (c === undefined) return;
      if (!Number.isInteger(c) || c < 0 || c >= k) throw new InputError(`target class ${c} is not a class index 0..${k - 1} (${this.model.config.classes.join(', ')})`);
      data[row * k + c] = 1;
    });
    return new ort.Tensor('float32', data, [batch, k]);
  }

  /** Runs the batch; `targetClass` is one class for every row, one per row, or omitted (predicted). */
  async run(inputs: Readonly<Record<string, InputTensor>>, targetClass?: number | readonly (number | undefined)[]): Promise<CamBatch> {
    if (this.disposed) throw new Error('this engine has been disposed');
    const batch = this.checkInputs(inputs);
    const feeds: Record<string, ort.Tensor> = { [SEED_INPUT]: this.seed(batch, targetClass) };
    for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', t.data, t.dims);
    // Outputs live in CPU memory with every provider; the result keeps views of them. (Handing
    // onnxruntime arrays of ours for the heat maps was slower on a GPU: its own arena reuses pages.)
    const started = performance.now();
    const out = await this.session.run(feeds);
    this.usage.runs++;
    this.usage.sessionMs += performance.now() - started;
    this.rejectNonFinite(inputs, out);
    return this.unpack(this.forward ? { ...out, ...(await this.forward.run(out, inputs, batch)) } : out, batch);
  }

  /** The graph's per-row check (OUT.inputCheck) is NaN where an input row is not all finite. */
  private rejectNonFinite(inputs: Readonly<Record<string, InputTensor>>, out: ort.InferenceSession.OnnxValueMapType): void {
    for (const spec of this.model.config.inputs) {
      const check = out[OUT.inputCheck(spec.name)]!.data as Float32Array;
      if (check.every((v) => v === 0)) continue;
      const data = inputs[spec.name]!.data;
      throw new InputError(`input '${spec.name}' contains NaN or infinite values (element ${data.findIndex((v) => !Number.isFinite(v))})`);
    }
  }

  private unpack(out: ort.InferenceSession.OnnxValueMapType, batch: number): CamBatch {
    const k = this.compiled.numClasses;
    const floats = (name: string): Float32Array => out[name]!.data as Float32Array;
    // Views, not copies: the output buffers belong to this result once the run is over.
    const rows = (data: Float32Array, width: number): Float32Array[] => Array.from({ length: batch }, (_, r) => data.subarray(r * width, (r + 1) * width));
    const task = this.model.config.task;
    const probabilities = task === 'regression' ? rows(new Float32Array(0), 0) : rows(floats(OUT.probabilities), k);
    const argMax = (p: Float32Array): number => p.indexOf(Math.max(...p));
    // Binary: the positive class from σ ≥ 0.5 exactly as the graph's default seed decides it.
    const predictedClass = probabilities.map((p) => (task === 'regression' ? -1 : task === 'binary' ? Number(p[1]! >= 0.5) : argMax(p)));
    const result: CamBatch = {
      device: this.device,
      method: this.compiled.method,
      layers: this.compiled.layers,
      task,
      scores: rows(floats(this.compiled.scores), this.compiled.numOutputs),
      probabilities,
      predictedClass,
      confidence: probabilities.map((p, r) => (task === 'regression' ? NaN : p[predictedClass[r]!]!)),
      ...(task === 'multilabel' ? { predictedLabels: probabilities.map((p) => [...p.keys()].filter((label) => p[label]! >= 0.5)) } : {}),
      targetClass: Array.from(out[OUT.target]!.data as BigInt64Array, Number),
      heatmaps: {},
      rawMin: {},
      rawMax: {},
    };
    for (const spec of this.model.config.inputs) {
      result.heatmaps[spec.name] = rows(floats(OUT.cam(spec.name)), spec.height * spec.width);
      result.rawMin[spec.name] = Array.from(floats(OUT.rawMin(spec.name)));
      result.rawMax[spec.name] = Array.from(floats(OUT.rawMax(spec.name)));
      if (out[OUT.contribution(spec.name)]) (result.branchContributions ??= {})[spec.name] = Array.from(floats(OUT.contribution(spec.name)));
      if (this.compiled.exposeGradients) {
        const copy = (name: string): InputTensor => ({ data: floats(name).slice(), dims: [...out[name]!.dims] });
        (result.gradients ??= {})[spec.name] = copy(OUT.gradient(spec.name));
        (result.activations ??= {})[spec.name] = copy(OUT.activation(spec.name));
      }
    }
    return result;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.forward?.dispose();
    await this.session.release();
  }
}
