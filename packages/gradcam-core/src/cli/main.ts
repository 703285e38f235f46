/** The `gradcam` command line. Every failure is one line on stderr and a non-zero exit code. */
import { Command, CommanderError } from 'commander';
import { analyzeCommand } from './analyze';
import { layersCommand } from './layers';
import { collectPairs, parseDevice, parseNonNegativeInt, parsePositiveInt } from './options';

function program(log: (line: string) => void): Command {
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
    .action((opts) => analyzeCommand(opts, log));

  cli
    .command('layers')
    .description('list the candidate target layers per input')
    .requiredOption('--model <path>', 'model.onnx, or a folder with model.onnx and gradcam.json')
    .action((opts) => layersCommand(opts, log));
  return cli;
}

export async function main(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  try {
    await program(log).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander printed the reason
    process.stderr.write(`gradcam: ${(err as Error).message}\n`);
    return 1;
  }
}
