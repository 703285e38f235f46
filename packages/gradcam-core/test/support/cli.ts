/** Runs the CLI in-process, capturing its log lines, stdout and stderr. */
import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  lines: string[];
  stderr: string;
  stdout: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  const lines: string[] = [];
  let stderr = '';
  let stdout = '';
  const writeErr = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    const code = await main(args, (l) => lines.push(l));
    return { code, lines, stderr, stdout };
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
  }
}
