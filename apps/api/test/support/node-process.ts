/** The built API or worker (dist/) as its own process, its output kept for waiting on and for failure messages. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApi } from './test-api';
import { waitFor } from './wait-for';

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  /** Waits for a line of output matching `pattern`; fails with the output if the process exits first. */
  waitForOutput(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the signal or exit code once the process has ended. */
  ended(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (for afterAll). */
  reap(): void;
}

/** A module of the built API (dist/), checked to exist. */
export function builtFile(relativePath: string): string {
  const file = join(__dirname, '../../dist', relativePath);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npm run build -w apps/api)`);
  return file;
}

export function spawnBuilt(script: 'main.js' | 'worker.js', env: Record<string, string>): NodeProcess {
  return spawnNode([builtFile(script)], env);
}

/** `node ...args` with the test process's environment plus `env` (on the CPU). */
export function spawnNode(args: string[], env: Record<string, string> = {}): NodeProcess {
  const child = spawn(process.execPath, args, { env: { ...process.env, GRADCAM_DEVICE: 'cpu', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => output,
    waitForOutput: (pattern, what, timeoutMs = 60_000) =>
      waitFor(what, async () => output.match(pattern) ?? (child.exitCode !== null || child.signalCode !== null ? Promise.reject(new Error(`exited before ${what}:\n${output}`)) : undefined), timeoutMs),
    ended: () => ended,
    reap: () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')),
  };
}

/** The environment of a process that shares the test API's database, data root and artifact folder. */
export function sharedEnv(t: TestApi, extra: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: t.db.url, GRADCAM_ARTIFACT_DIR: t.config.artifactDir, GRADCAM_DATA_ROOT: t.config.dataRoot, GRADCAM_WORKERS: '1', ...extra };
}

/** Starts `npm run worker` as a process on the test API's database. */
export async function startWorkerProcess(t: TestApi, extra: Record<string, string> = {}): Promise<NodeProcess> {
  const worker = spawnBuilt('worker.js', sharedEnv(t, extra));
  await worker.waitForOutput(/worker\(s\) on the queue/, 'the worker to start');
  return worker;
}
