/**
 * The guide's MultiInputGradCAM in TypeScript: a model, its target layers, a device; then
 * generateCam per sample and dispose. Compiles lazily on first use (and from the cache after).
 */
import type { LoadedModel } from '../model/load';
import type { Device } from '../runtime/device';
import { CamEngine, type EngineOptions, InputError, type InputTensor } from '../runtime/engine';

export interface GradCamOptions extends Pick<EngineOptions, 'threads' | 'method' | 'cache'> {
  device?: Device;
}

/** One sample's explanation. */
export interface CamResult {
  predictedClass: number;
  /** Probability of the predicted class. */
  confidence: number;
  probabilities: number[];
  targetClass: number;
  /** Input name -> normalised heat map [H·W] in 0..1, row-major at the input's size. */
  heatmaps: Record<string, Float32Array>;
  rawMin: Record<string, number>;
  rawMax: Record<string, number>;
  device: string;
  layers: Record<string, string>;
}

/** A single sample's input: [C,H,W] or [1,C,H,W]. */
export type SampleInput = InputTensor;

export class MultiInputGradCAM {
  private engine?: Promise<CamEngine>;

  constructor(
    readonly model: LoadedModel | string,
    readonly targetLayers: Record<string, string> = {},
    readonly options: GradCamOptions = {},
  ) {}

  /** Compiles (or fetches from the cache) and opens the session; generateCam calls it for you. */
  ready(): Promise<CamEngine> {
    this.engine ??= CamEngine.create(this.model, { ...this.options, targetLayers: this.targetLayers });
    return this.engine;
  }

  /** Heat maps for one sample; `targetClass` defaults to the predicted class. */
  async generateCam(inputs: Readonly<Record<string, SampleInput>>, targetClass?: number): Promise<CamResult> {
    const batch: Record<string, InputTensor> = {};
    for (const [name, t] of Object.entries(inputs)) {
      const dims = t.dims.length === 3 ? [1, ...t.dims] : t.dims;
      if (dims[0] !== 1) throw new InputError(`generateCam explains one sample; input '${name}' has batch ${dims[0]} (use CamEngine.run for batches)`);
      batch[name] = { data: t.data, dims };
    }
    const engine = await this.ready();
    const out = await engine.run(batch, targetClass);
    const heatmaps = Object.fromEntries(Object.entries(out.heatmaps).map(([k, rows]) => [k, rows[0]!]));
    const first = (m: Record<string, number[]>): Record<string, number> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v[0]!]));
    return {
      predictedClass: out.predictedClass[0]!,
      confidence: out.confidence[0]!,
      probabilities: Array.from(out.probabilities[0]!),
      targetClass: out.targetClass[0]!,
      heatmaps,
      rawMin: first(out.rawMin),
      rawMax: first(out.rawMax),
      device: out.device,
      layers: out.layers,
    };
  }

  /** Frees the session (the guide's cleanup / remove_hooks). */
  async dispose(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine) await (await engine).dispose();
  }
}

/** One call: load, compile (cached), explain one sample, free. */
export async function analyzePrediction(
  model: LoadedModel | string,
  inputs: Readonly<Record<string, SampleInput>>,
  options: GradCamOptions & { targetClass?: number; targetLayers?: Record<string, string> } = {},
): Promise<CamResult> {
  const cam = new MultiInputGradCAM(model, options.targetLayers, options);
  try {
    return await cam.generateCam(inputs, options.targetClass);
  } finally {
    await cam.dispose();
  }
}
