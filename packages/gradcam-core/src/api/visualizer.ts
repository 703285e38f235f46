/**
 * The guide's GradCAMVisualizer: one model, then analyzeSample (explain one sample and write its
 * figures) and batchAnalyze (a whole manifest, with a summary figure), and dispose at the end.
 *
 *   const vis = new GradCAMVisualizer('models/amd', { device: 'auto' });
 *   try {
 *     const r = await vis.analyzeSample(inputs, { saveDir: 'out', sampleId: 'patient_001' });
 *     const all = await vis.batchAnalyze('data/val', { numSamples: 20, saveDir: 'out' });
 *   } finally {
 *     await vis.dispose();
 *   }
 */
import { readManifest, type Manifest } from '../dataset/manifest';
import { maskEnergy } from '../dataset/mask';
import type { ColormapName } from '../figures/colormap';
import type { DisplayImage } from '../figures/display';
import { checkSampleId, defaultSaveDir, samplePaths } from '../figures/output-layout';
import type { LoadedModel } from '../model/load';
import { InputError } from '../runtime/engine';
import { runBatches } from './batch';
import { type GradCamOptions, MultiInputGradCAM, type SampleInput } from './multi-input-gradcam';
import type { BatchProgress, BatchSampleResult, SampleAnalysis } from './results';

export interface VisualizerOptions extends GradCamOptions {
  /** Input name -> target tensor (default: the config's, else the last feature map before pooling). */
  targetLayers?: Record<string, string>;
  colormap?: ColormapName;
  /** Heat map weight in the overlays, 0..1 (default 0.5). */
  alpha?: number;
}

export interface AnalyzeSampleOptions {
  /** Class to explain (default: the predicted class). */
  targetClass?: number;
  /** Where to write the figure and heat maps; nothing is written without it. */
  saveDir?: string;
  sampleId?: string;
  /** The known class, shown in the figure's title. */
  trueClass?: number;
  /** Images to show per input (e.g. decoded files); default: the input tensors, min-max stretched. */
  display?: Readonly<Record<string, DisplayImage>>;
  /** Region masks [H·W] per input: outlined in the figure, and `maskEnergy` reported. */
  masks?: Readonly<Record<string, Uint8Array>>;
}

export interface BatchAnalyzeOptions {
  /** How many manifest rows, from the top (default 10, as the guide; Infinity for all). */
  numSamples?: number;
  /** Default: gradcam_results_<YYYYMMDD_HHMMSS> in the working folder. */
  saveDir?: string;
  /** Rows per engine run (default 8). */
  batchSize?: number;
  targetClass?: number;
  /** Keep the heat maps in the results (default true; false keeps memory flat on large datasets). */
  keepHeatmaps?: boolean;
  onProgress?: (progress: BatchProgress) => void;
}

export const DEFAULT_NUM_SAMPLES = 10;
export const DEFAULT_BATCH_SIZE = 8;

export class GradCAMVisualizer {
  readonly gradcam: MultiInputGradCAM;

  constructor(
    model: LoadedModel | string,
    readonly options: VisualizerOptions = {},
  ) {
    this.gradcam = new MultiInputGradCAM(model, options.targetLayers ?? {}, options);
  }

  /** Explains one sample; with `saveDir`, writes `<id>_gradcam_visualization.png` and `<id>_heatmaps/`. */
  async analyzeSample(inputs: Readonly<Record<string, SampleInput>>, options: AnalyzeSampleOptions = {}): Promise<SampleAnalysis> {
    const sampleId = options.sampleId ?? 'sample';
    checkSampleId(sampleId); // before the model runs, so a bad id costs nothing
    const { classes, inputs: specs } = this.gradcam.loaded().config;
    if (options.trueClass !== undefined && !(Number.isInteger(options.trueClass) && options.trueClass >= 0 && options.trueClass < classes.length))
      throw new InputError(`true class ${options.trueClass} is not a class index 0..${classes.length - 1}`);
    const strayMask = Object.keys(options.masks ?? {}).find((name) => !specs.some((s) => s.name === name));
    if (strayMask) throw new InputError(`mask for '${strayMask}', which is not an input (${specs.map((s) => s.name).join(', ')})`);
    const cam = await this.gradcam.generateCam(inputs, options.targetClass);
    const result: SampleAnalysis = { ...cam, sampleId, trueClass: options.trueClass };
    const masks = Object.entries(options.masks ?? {});
    if (masks.length) result.maskEnergy = Object.fromEntries(masks.map(([name, m]) => [name, maskEnergy(cam.heatmaps[name]!, m)]));
    if (options.saveDir) {
      const paths = samplePaths(options.saveDir, sampleId, specs.map((s) => s.name));
      const prediction = { ...cam, trueClass: options.trueClass };
      const figure = { display: options.display, masks: options.masks, prediction, sampleId, colormap: this.options.colormap, alpha: this.options.alpha };
      await Promise.all([
        this.gradcam.visualizeCam(inputs, cam.heatmaps, paths.figure, figure),
        this.gradcam.saveHeatmaps(cam.heatmaps, paths.heatmapDir, sampleId, { colormap: this.options.colormap }),
      ]);
      result.files = paths;
    }
    return result;
  }

  /**
   * Analyses the first `numSamples` rows of a dataset (a manifest.csv, a folder holding one, or a
   * manifest already read) and writes every sample's figures plus summary_visualization.png.
   * Rows that fail are in the results with status 'failed' and the reason; the others go on.
   */
  async batchAnalyze(dataset: string | Manifest, options: BatchAnalyzeOptions = {}): Promise<BatchSampleResult[]> {
    const model = this.gradcam.loaded();
    const manifest = typeof dataset === 'string' ? readManifest(dataset, model.config) : dataset;
    const numSamples = options.numSamples ?? DEFAULT_NUM_SAMPLES;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!(numSamples > 0)) throw new RangeError(`numSamples must be positive, got ${numSamples}`);
    if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const k = model.config.classes.length;
    const t = options.targetClass;
    // Checked once here: the engine would refuse it for every row, and each row would fail alone.
    if (t !== undefined && !(Number.isInteger(t) && t >= 0 && t < k)) throw new InputError(`target class ${t} is not a class index 0..${k - 1} (${model.config.classes.join(', ')})`);
    // Model, device and method problems surface here, before any file is written.
    const engine = await this.gradcam.ready();
    const { results } = await runBatches(
      {
        engine,
        specs: model.config.inputs,
        saveDir: options.saveDir ?? defaultSaveDir(),
        batchSize,
        style: { colormap: this.options.colormap, alpha: this.options.alpha, classes: model.config.classes, method: engine.compiled.method },
        targetClass: options.targetClass,
        keepHeatmaps: options.keepHeatmaps ?? true,
        onProgress: options.onProgress,
      },
      manifest.rows.slice(0, numSamples),
    );
    return results;
  }

  /** Frees the session (the guide's cleanup). */
  async dispose(): Promise<void> {
    await this.gradcam.dispose();
  }

  /** The guide's name for dispose. */
  cleanup(): Promise<void> {
    return this.dispose();
  }
}
