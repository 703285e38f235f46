/** The `gradcam` command line. Every failure is one line on stderr and a non-zero exit code. */
import { Command, CommanderError } from 'commander';
import { CAM_METHODS } from '../cam/methods';
import { COLORMAPS } from '../figures/colormap';
import { DEFAULT_ALPHA } from '../figures/overlay';
import { analyzeCommand } from './analyze';
import { BATCH_HELP, batchCommand } from './batch';
import { CUDA_PROVIDER_PACKAGE, installCudaProvider } from '../runtime/cuda-install';
import { DEFAULT_EVALUATE_SAMPLES, evaluateCommand } from './evaluate';
import { layersCommand } from './layers';
import { collectPairs, parseColormapName, parseCountOrAll, parseDevice, parseNonNegativeInt, parsePositiveInt, parseFractions, parseTarget, parseUnitInterval } from './options';

const METHOD_HELP = `CAM method (available: ${[...CAM_METHODS.keys()].join(', ')}; default gradcam)`;
const COLORMAP_HELP = `heat map colours: ${COLORMAPS.join(' | ')} (jet: red = high, blue = low; viridis is colour-blind safe)`;
const ALPHA_HELP = 'weight of the heat map over the image in overlays, 0..1';

function program(log: (line: string) => void, exit: { code: number }): Command {
  const cli = new Command('gradcam')
    .description('Grad-CAM heat maps for ONNX image classifiers, one per image input')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  cli
    .command('analyze')
    .description('explain one prediction: predicted class, probabilities and a heat map per input')
    .requiredOption('--model <path>', 'model.onnx, or a folder with model.onnx and gradcam.json')
    .requiredOption('--input <name=file>', 'an image (PNG/JPEG/TIFF) or a preprocessed .npy [C,H,W] per input; repeat per input', collectPairs)
    .option('--layer <name=tensor>', 'target layer of an input (default: the last feature map before pooling); repeatable', collectPairs)
    .option('--target-class <k>', 'class to explain (default: the predicted class)', parseNonNegativeInt)
    .option('--device <device>', 'auto | cuda | webgpu | cpu', parseDevice, 'auto')
    .option('--threads <n>', 'CPU threads (default: physical cores)', parsePositiveInt)
    .option('--json <file>', 'write the result as JSON')
    .option('--raw-dir <dir>', 'write each normalised heat map as <input>.npy (float32 [H,W])')
    .option('--save-dir <dir>', 'write the figures: <dir>/<id>_gradcam_visualization.png and <dir>/<id>_heatmaps/<id>_<input>.png')
    .option('--sample-id <id>', 'sample id used in the figure names and title', 'sample')
    .option('--true-class <k|name>', 'the known class (index or name), shown in the figure title')
    .option('--colormap <name>', COLORMAP_HELP, parseColormapName, 'jet')
    .option('--alpha <a>', ALPHA_HELP, parseUnitInterval, DEFAULT_ALPHA)
    .option('--method <name>', METHOD_HELP)
    .action((opts) => analyzeCommand(opts, log));

  cli
    .command('batch')
    .description('explain the samples of a dataset manifest: figures per sample, a summary figure, results.csv/json, accuracy')
    .requiredOption('--model <path>', 'model.onnx, or a folder with model.onnx and gradcam.json')
    .requiredOption('--dataset <path>', 'manifest.csv, or a folder holding manifest.csv (see below)')
    .option('--num-samples <n|all>', 'how many manifest rows, from the top (default 10)', parseCountOrAll)
    .option('--batch-size <n>', 'samples per engine run (default 8)', parsePositiveInt)
    .option('--save-dir <dir>', 'output folder (default: gradcam_results_<YYYYMMDD_HHMMSS>)')
    .option('--layer <name=tensor>', 'target layer of an input (default: the last feature map before pooling); repeatable', collectPairs)
    .option('--target-class <k>', 'class to explain for every sample (default: each one\'s predicted class)', parseNonNegativeInt)
    .option('--method <name>', METHOD_HELP)
    .option('--device <device>', 'auto | cuda | webgpu | cpu', parseDevice, 'auto')
    .option('--threads <n>', 'CPU threads (default: physical cores)', parsePositiveInt)
    .option('--colormap <name>', COLORMAP_HELP, parseColormapName, 'jet')
    .option('--alpha <a>', ALPHA_HELP, parseUnitInterval, DEFAULT_ALPHA)
    .addHelpText('after', BATCH_HELP)
    .action(async (opts) => {
      exit.code = await batchCommand(opts, log);
    });

  cli
    .command('evaluate')
    .description('faithfulness of the heat maps on a dataset: deletion/insertion AUC, average drop/increase, ROAD, each against random maps')
    .requiredOption('--model <path>', 'model.onnx, or a folder with model.onnx and gradcam.json')
    .requiredOption('--dataset <path>', 'manifest.csv, or a folder holding manifest.csv (see `gradcam batch --help`)')
    .option('--num-samples <n|all>', `how many manifest rows, from the top (default ${DEFAULT_EVALUATE_SAMPLES})`, parseCountOrAll, DEFAULT_EVALUATE_SAMPLES)
    .option('--method <name>', METHOD_HELP)
    .option('--layer <name=tensor>', 'target layer of an input; repeatable', collectPairs)
    .option('--target <which>', 'explain the predicted class or the true (labelled) class: predicted | true', parseTarget, 'predicted')
    .option('--inputs <names>', 'comma-separated inputs to perturb (default: all)', (v: string) => v.split(',').filter(Boolean))
    .option('--steps <n>', 'deletion/insertion steps (default 16)', parsePositiveInt)
    .option('--road <fractions>', 'ROAD removal fractions, comma-separated (default 0.1,0.3,0.5,0.7,0.9); each costs an imputation per input and map', parseFractions)
    .option('--device <device>', 'auto | cuda | webgpu | cpu', parseDevice, 'auto')
    .option('--threads <n>', 'CPU threads (default: physical cores)', parsePositiveInt)
    .option('--json <file>', 'write the summary and every sample\'s scores as JSON')
    .action((opts) => evaluateCommand(opts, log));

  cli
    .command('install-cuda')
    .description(`put onnxruntime's CUDA provider (CUDA 13, cuDNN 9) next to onnxruntime-node, from the npm package ${CUDA_PROVIDER_PACKAGE}`)
    .option('--from <file.tgz>', 'a local copy of that package (offline machines)')
    .option('--dest <dir>', 'where to put the libraries (default: onnxruntime-node\'s binary folder)')
    .action((opts: { from?: string; dest?: string }) => {
      installCudaProvider({ ...opts, log });
    });

  cli
    .command('layers')
    .description('list the candidate target layers per input')
    .requiredOption('--model <path>', 'model.onnx, or a folder with model.onnx and gradcam.json')
    .action((opts) => layersCommand(opts, log));
  return cli;
}

export async function main(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  try {
    const exit = { code: 0 };
    await program(log, exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander printed the reason
    process.stderr.write(`gradcam: ${(err as Error).message}\n`);
    return 1;
  }
}
