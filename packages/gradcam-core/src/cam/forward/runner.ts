/**
 * Runs a forward method after the compiled graph's run: the method's passes in batches, the channel
 * weights from their target scores, then the map graph. Every row of a batch is one pass of one
 * sample, and rows never interact, so a batch may hold passes of several samples and inputs: the
 * batch size changes the speed only.
 */
import * as ort from 'onnxruntime-node';
import { type CompiledCam, OUT, SEED_INPUT } from '../../compile/compiler';
import type { LoadedModel } from '../../model/load';
import { encodeModel } from '../../onnx/proto';
import { openSession, type ResolvedDevice, type SessionOptions } from '../../runtime/device';
import {
  boundaryOutput,
  type Batched,
  type FirstRun,
  type ForwardCamMethod,
  type ForwardCamOptions,
  type Pass,
  type PassRows,
  weightsInput,
} from './forward-method';
import { headModel } from './head-graph';
import { mapsModel } from './maps-graph';

type Outputs = ort.InferenceSession.OnnxValueMapType;

const size = (dims: readonly number[]): number => dims.reduce((a, c) => a * c, 1);

function floats(out: Outputs, name: string): Batched {
  const t = out[name];
  if (!t) throw new Error(`the compiled graph has no output '${name}'`);
  return { data: t.data as Float32Array, dims: t.dims };
}

export class ForwardCamRunner {
  private constructor(
    private readonly model: LoadedModel,
    private readonly compiled: CompiledCam & { forward: NonNullable<CompiledCam['forward']> },
    private readonly method: ForwardCamMethod,
    /** The graph the passes run: the compiled graph itself (it computes the scores), or the head. */
    private readonly passes: ort.InferenceSession,
    private readonly ownsPasses: boolean,
    private readonly maps: ort.InferenceSession,
    private readonly batchSize: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  /** `main` is the compiled graph's session; the runner opens the head's and the map graph's on `device`. */
  static async create(
    model: LoadedModel,
    compiled: CompiledCam,
    method: ForwardCamMethod,
    main: ort.InferenceSession,
    device: ResolvedDevice,
    options: SessionOptions & ForwardCamOptions = {},
  ): Promise<ForwardCamRunner> {
    const { forward } = compiled;
    if (!forward) throw new Error(`the compiled graph was not compiled for ${method.name}`);
    const batchSize = options.batchSize ?? method.forward.defaultBatchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const open = async (bytes: Uint8Array): Promise<ort.InferenceSession> => (await openSession(bytes, { ...options, device })).session;
    const maps = await open(encodeModel(mapsModel(model, method, forward.activationShapes)));
    let passes = main;
    if (method.forward.graph === 'head') {
      try {
        passes = await open(encodeModel(headModel(model.onnx, Object.values(compiled.layers), compiled.scores).model));
      } catch (err) {
        await maps.release();
        throw err;
      }
    }
    return new ForwardCamRunner(model, { ...compiled, forward }, method, passes, passes !== main, maps, batchSize, options.onProgress);
  }

  /**
   * The maps of a batch from the compiled graph's outputs `out` for `inputs`: the map graph's
   * outputs, named as the compiled graph's map outputs of the other methods.
   */
  async run(out: Outputs, inputs: Readonly<Record<string, Batched>>, batch: number): Promise<Outputs> {
    const specs = this.model.config.inputs;
    const first: FirstRun = {
      inputs,
      activations: Object.fromEntries(specs.map((s) => [s.name, floats(out, OUT.activation(s.name))])),
      layerValues: Object.fromEntries(specs.map((s) => [s.name, floats(out, out[OUT.layerValue(s.name)] ? OUT.layerValue(s.name) : OUT.activation(s.name))])),
      layouts: this.compiled.forward.layouts,
      boundary: Object.fromEntries(this.compiled.forward.boundary.map((v) => [v, floats(out, boundaryOutput(v))])),
    };
    const targets = Array.from(out[OUT.target]!.data as BigInt64Array, Number);
    const passes: Pass[] = [];
    for (let sample = 0; sample < batch; sample++)
      for (const spec of specs) for (let channel = 0; channel < first.activations[spec.name]!.dims[1]!; channel++) passes.push({ sample, input: spec.name, channel });
    const passScores = await this.runPasses(this.method.forward.rows(first, this.compiled.layers), passes, targets);

    const k = this.compiled.numClasses;
    const scores = floats(out, this.compiled.scores).data;
    const feeds: Record<string, ort.Tensor> = {};
    let next = 0;
    const weights = Object.fromEntries(specs.map((s) => [s.name, new Float32Array(batch * first.activations[s.name]!.dims[1]!)]));
    for (let sample = 0; sample < batch; sample++) {
      for (const spec of specs) {
        const channels = first.activations[spec.name]!.dims[1]!;
        const w = this.method.forward.channelWeights(passScores.subarray(next, next + channels), scores[sample * k + targets[sample]!]!);
        weights[spec.name]!.set(w, sample * channels);
        next += channels;
      }
    }
    for (const spec of specs) {
      const activations = OUT.activation(spec.name);
      feeds[activations] = out[activations]!;
      feeds[weightsInput(activations)] = new ort.Tensor('float32', weights[spec.name]!, [batch, first.activations[spec.name]!.dims[1]!, 1, 1]);
    }
    return this.maps.run(feeds);
  }

  /** The target score of each pass, in the order of `passes`. */
  private async runPasses(rows: PassRows, passes: readonly Pass[], targets: readonly number[]): Promise<Float64Array> {
    const k = this.compiled.numClasses;
    const result = new Float64Array(passes.length);
    this.onProgress?.(0, passes.length);
    for (let start = 0; start < passes.length; start += this.batchSize) {
      const chunk = passes.slice(start, start + this.batchSize);
      const n = chunk.length;
      const buffers = rows.feeds.map((f) => new Float32Array(n * size(f.rowDims)));
      chunk.forEach((p, row) => rows.fill(p, row, buffers));
      const feeds = Object.fromEntries(rows.feeds.map((f, j) => [f.name, new ort.Tensor('float32', buffers[j]!, [n, ...f.rowDims])]));
      // The compiled graph also takes the seed: zero rows (its target output is not read here).
      if (!this.ownsPasses) feeds[SEED_INPUT] = new ort.Tensor('float32', new Float32Array(n * k), [n, k]);
      const out = await this.passes.run(feeds, [this.compiled.scores]);
      const scores = out[this.compiled.scores]!.data as Float32Array;
      chunk.forEach((p, row) => (result[start + row] = scores[row * k + targets[p.sample]!]!));
      this.onProgress?.(start + n, passes.length);
    }
    return result;
  }

  async dispose(): Promise<void> {
    await this.maps.release();
    if (this.ownsPasses) await this.passes.release();
  }
}
