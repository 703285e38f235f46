/**
 * `gradcam batch`: explain the samples of a manifest, write every figure, the summary figure,
 * results.csv and results.json, and print accuracy and the confusion matrix when labels exist.
 * Exit code 0 when every row succeeded, 3 when some failed (their reasons are in the results).
 */
import { join, resolve } from 'node:path';
import { DEFAULT_BATCH_SIZE, DEFAULT_NUM_SAMPLES, GradCAMVisualizer } from '../api/visualizer';
import { readManifest } from '../dataset/manifest';
import type { ColormapName } from '../figures/colormap';
import { defaultSaveDir, SUMMARY_FILE } from '../figures/output-layout';
import { loadModel } from '../model/load';
import type { Device } from '../runtime/device';
import { accuracyOf, formatConfusion } from './confusion';
import { ProgressReporter, type ProgressSink } from './progress';
import { writeResultsCsv, writeResultsJson } from './results-files';

export interface BatchArgs {
  model: string;
  dataset: string;
  numSamples?: number;
  batchSize?: number;
  saveDir?: string;
  layer?: Record<string, string>;
  targetClass?: number;
  method?: string;
  device: Device;
  threads?: number;
  colormap: ColormapName;
  alpha: number;
}

/** Exit code when the batch ran but some rows failed. */
export const EXIT_SOME_FAILED = 3;

export async function batchCommand(args: BatchArgs, log: (line: string) => void, progressSink: ProgressSink = process.stderr): Promise<number> {
  const model = loadModel(args.model);
  for (const note of model.inferred) log(`inferred: ${note}`);
  const manifest = readManifest(args.dataset, model.config);
  const rows = manifest.rows.slice(0, args.numSamples ?? DEFAULT_NUM_SAMPLES);
  if (rows.length === 0) throw new Error(`${manifest.path} lists no samples`);
  const saveDir = resolve(args.saveDir ?? defaultSaveDir());
  const { classes, inputs } = model.config;
  const vis = new GradCAMVisualizer(model, { targetLayers: args.layer, device: args.device, threads: args.threads, method: args.method, colormap: args.colormap, alpha: args.alpha });
  try {
    const engine = await vis.gradcam.ready();
    log(`${rows.length} of ${manifest.rows.length} samples from ${manifest.path}, batches of ${args.batchSize ?? DEFAULT_BATCH_SIZE}, ${engine.compiled.method} on ${engine.device} -> ${saveDir}`);
    const progress = new ProgressReporter(rows.length, progressSink);
    const results = await vis.batchAnalyze({ ...manifest, rows }, {
      numSamples: rows.length,
      saveDir,
      batchSize: args.batchSize,
      targetClass: args.targetClass,
      keepHeatmaps: false, // the files hold them; memory stays flat however long the manifest
      onProgress: (p) => progress.update(p),
    });
    progress.end();

    const accuracy = accuracyOf(results, classes.length);
    // batchAnalyze draws the summary whenever a sample succeeded.
    const summary = results.some((r) => r.status === 'ok') ? join(saveDir, SUMMARY_FILE) : undefined;
    const meta = { model: model.path, dataset: manifest.path, method: engine.compiled.method, device: engine.device, layers: engine.layers, task: model.config.task, classes, inputs: inputs.map((i) => i.name), summary, accuracy };
    const csv = writeResultsCsv(saveDir, results, meta);
    const json = writeResultsJson(saveDir, results, meta);

    const failed = results.filter((r) => r.status === 'failed');
    log(`analysed ${results.length - failed.length} of ${results.length} samples${failed.length ? `, ${failed.length} failed` : ''}`);
    for (const f of failed) log(`  failed ${f.sampleId}: ${f.error}`);
    log(`wrote ${csv}, ${json}${summary ? ` and ${summary}` : ''}`);
    if (accuracy) {
      log(`accuracy: ${accuracy.correct}/${accuracy.labelled} labelled samples (${(100 * accuracy.value).toFixed(1)}%)`);
      formatConfusion(accuracy, classes).forEach(log);
    }
    return failed.length ? EXIT_SOME_FAILED : 0;
  } finally {
    await vis.dispose();
  }
}

export const BATCH_HELP = `
Dataset: a manifest.csv with a header row and one row per sample:
  id              sample id (used in file names: no '/', unique)
  <input>         one column per model input, named as the input: an image (PNG/JPEG/TIFF)
                  or a preprocessed .npy [C,H,W]; paths relative to the manifest
  label           optional: the true class, as an index or a class name
  mask_<input>    optional: a region mask (image: non-zero = inside; .npy: >= 0.5); outlined on
                  the overlays, and the share of the heat map inside it is reported
Output (in the save folder):
  <id>_gradcam_visualization.png, <id>_heatmaps/<id>_<input>.png, summary_visualization.png,
  results.csv, results.json (one record per row; failed rows carry their reason)
Progress goes to stderr: a bar on a terminal, plain lines otherwise.
Exit codes: 0 all rows analysed, 3 some rows failed, 1 error, 2 usage error.
`;
