/**
 * The guide's MultiInputGradCAM in TypeScript: a model, its target layers, a device; then
 * generateCam per sample and dispose. Compiles lazily on first use (and from the cache after).
 */
import type { PredictionCaption } from '../figures/caption';
import type { ColormapName } from '../figures/colormap';
import { type DisplayImage, displayFromTensor } from '../figures/display';
import { samplePaths, type SamplePaths } from '../figures/output-layout';
import { renderSampleFigure } from '../figures/sample-figure';
import { figureColumns, writeHeatmapPngs, writeSampleFigure } from '../figures/sample-files';
import { loadModel, type LoadedModel } from '../model/load';
import type { Task } from '../model/config';
import type { Device } from '../runtime/device';
import { type CamBatch, CamEngine, type EngineOptions, InputError, type InputTensor } from '../runtime/engine';

export interface GradCamOptions extends Pick<EngineOptions, 'threads' | 'method' | 'cache'> {
  device?: Device;
}

/** One sample's explanation. */
export interface CamResult {
  /** The head's task: what the fields below mean (see CamBatch). */
  task: Task;
  /** The score output as the model gives it (logits, probabilities, raw values). */
  scores: number[];
  /** The most probable class; −1 for regression. */
  predictedClass: number;
  /** Probability of the predicted class; NaN for regression. */
  confidence: number;
  /** Empty for regression. */
  probabilities: number[];
  /** Multilabel: every label with σ ≥ 0.5. */
  predictedLabels?: number[];
  targetClass: number;
  /** Input name -> normalised heat map [H·W] in 0..1, row-major at the input's size. */
  heatmaps: Record<string, Float32Array>;
  rawMin: Record<string, number>;
  rawMax: Record<string, number>;
  /** Gradient methods: each input's Σ gradient × activation (its share of the target score behind a pooled linear head). */
  branchContributions?: Record<string, number>;
  device: string;
  layers: Record<string, string>;
}

/** A single sample's input: [C,H,W] or [1,C,H,W]. */
export type SampleInput = InputTensor;

export interface VisualizeOptions {
  /** Images to show per input (e.g. the decoded files); default: each input tensor, min-max stretched. */
  display?: Readonly<Record<string, DisplayImage>>;
  /** Region masks [H·W] per input, outlined on the overlays. */
  masks?: Readonly<Record<string, Uint8Array>>;
  /** The prediction for the title (e.g. a CamResult, with `trueClass` when known). */
  prediction?: PredictionCaption;
  sampleId?: string;
  colormap?: ColormapName;
  /** Heat map weight in the overlay, 0..1 (default 0.5). */
  alpha?: number;
  /** CAM method named in the titles; default: this explainer's method. */
  method?: string;
}

/** Row `row` of an engine batch as one sample's result (its heat maps stay views of the batch's). */
export function camResultOfRow(out: CamBatch, row: number): CamResult {
  const pick = <T>(m: Record<string, T[]>): Record<string, T> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v[row]!]));
  return {
    task: out.task,
    scores: Array.from(out.scores[row]!),
    predictedClass: out.predictedClass[row]!,
    confidence: out.confidence[row]!,
    probabilities: Array.from(out.probabilities[row]!),
    ...(out.predictedLabels ? { predictedLabels: out.predictedLabels[row]! } : {}),
    targetClass: out.targetClass[row]!,
    heatmaps: pick(out.heatmaps),
    rawMin: pick(out.rawMin),
    rawMax: pick(out.rawMax),
    ...(out.branchContributions ? { branchContributions: pick(out.branchContributions) } : {}),
    device: out.device,
    layers: out.layers,
  };
}

export class MultiInputGradCAM {
  private engine?: Promise<CamEngine>;
  private loadedModel?: LoadedModel;

  constructor(
    readonly model: LoadedModel | string,
    readonly targetLayers: Record<string, string> = {},
    readonly options: GradCamOptions = {},
  ) {}

  /** Compiles (or fetches from the cache) and opens the session; generateCam calls it for you. */
  ready(): Promise<CamEngine> {
    this.engine ??= CamEngine.create(this.loaded(), { ...this.options, targetLayers: this.targetLayers });
    return this.engine;
  }

  /** The model with its config (read once; drawing needs the inputs and classes, not a session). */
  loaded(): LoadedModel {
    this.loadedModel ??= typeof this.model === 'string' ? loadModel(this.model) : this.model;
    return this.loadedModel;
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
    return camResultOfRow(await engine.run(batch, targetClass), 0);
  }

  /**
   * The guide's visualize_cam: the combined figure (inputs on top, overlays below, one column per
   * input in config order) as PNG bytes, also written to `savePath` when given.
   */
  async visualizeCam(inputs: Readonly<Record<string, SampleInput>>, heatmaps: Readonly<Record<string, ArrayLike<number>>>, savePath?: string, options: VisualizeOptions = {}): Promise<Buffer> {
    const { config } = this.loaded();
    const display: Record<string, DisplayImage> = {};
    for (const spec of config.inputs) {
      const given = options.display?.[spec.name];
      const tensor = inputs[spec.name];
      if (!given && !tensor) throw new InputError(`missing input '${spec.name}' (the model takes ${config.inputs.map((s) => s.name).join(', ')})`);
      display[spec.name] = given ?? displayFromTensor(tensor!.data, spec.height, spec.width);
    }
    const images = { display, heatmaps, masks: options.masks };
    const style = { colormap: options.colormap, alpha: options.alpha, classes: config.classes, sampleId: options.sampleId, method: options.method ?? this.options.method };
    if (savePath) return writeSampleFigure(savePath, config.inputs, images, options.prediction, style);
    return renderSampleFigure(figureColumns(config.inputs, images), options.prediction, style);
  }

  /** The guide's save_heatmaps: `<saveDir>/<prefix>_<input>.png`, colormapped at the input size. Returns the paths. */
  async saveHeatmaps(heatmaps: Readonly<Record<string, ArrayLike<number>>>, saveDir: string, filenamePrefix = 'heatmap', options: { colormap?: ColormapName } = {}): Promise<Record<string, string>> {
    return writeHeatmapPngs(heatmaps, this.loaded().config.inputs, saveDir, filenamePrefix, options.colormap);
  }

  /** Frees the session (the guide's cleanup / remove_hooks). */
  async dispose(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine) await (await engine).dispose();
  }
}

export interface AnalyzePredictionOptions extends GradCamOptions {
  targetClass?: number;
  targetLayers?: Record<string, string>;
  /** Also write the figure and heat maps there (the guide's save_dir), named by `sampleId`. */
  saveDir?: string;
  sampleId?: string;
  /** The known class, for the figure's title. */
  trueClass?: number;
  colormap?: ColormapName;
}

/**
 * One call (the guide's analyze_prediction_with_gradcam): load, compile (cached), explain one
 * sample, optionally write its figures, free.
 */
export async function analyzePrediction(
  model: LoadedModel | string,
  inputs: Readonly<Record<string, SampleInput>>,
  options: AnalyzePredictionOptions = {},
): Promise<CamResult & { files?: SamplePaths }> {
  const cam = new MultiInputGradCAM(model, options.targetLayers, options);
  try {
    const sampleId = options.sampleId ?? 'sample';
    const paths = options.saveDir === undefined ? undefined : samplePaths(options.saveDir, sampleId, cam.loaded().config.inputs.map((s) => s.name));
    const r = await cam.generateCam(inputs, options.targetClass);
    if (!paths) return r;
    const { colormap } = options;
    await Promise.all([
      cam.visualizeCam(inputs, r.heatmaps, paths.figure, { prediction: { ...r, trueClass: options.trueClass }, sampleId, colormap }),
      cam.saveHeatmaps(r.heatmaps, paths.heatmapDir, sampleId, { colormap }),
    ]);
    return { ...r, files: paths };
  } finally {
    await cam.dispose();
  }
}
