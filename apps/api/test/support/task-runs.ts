/**
 * One tiny model per non-multiclass head in a temp data root, each with a batch run over its
 * dataset (startBatch, a queue worker): the runs the task tests read. The datasets hold ties (rows
 * of equal level with different truths), unlabelled rows, a label never true, and one row whose
 * truth cell cannot be read (it fails alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFinished, START_BATCH } from './batch-run';
import { ok, startTestApi, type TestApi } from './test-api';
import { startTestWorker, type TestWorker } from './test-worker';
import { type TinyRow, writeTinyModel } from './tiny-dataset';
import type { TinyTask } from './tiny-onnx';

const rows = (spec: [string, number, string][]): TinyRow[] => spec.map(([id, level, truth]) => ({ id, level, truth }));

export const TASK_DATASETS: Record<TinyTask, TinyRow[]> = {
  binary: rows([
    ['b01', 0.1, '0'], ['b02', 0.1, '1'], ['b03', 0.3, '0'], ['b04', 0.3, '0'], ['b05', 0.3, '1'], ['b06', 0.7, '1'],
    ['b07', 0.7, '0'], ['b08', 0.9, '1'], ['b09', 0.9, 'disease'], ['b10', 0.2, ''], ['b11', 0.6, 'sick'],
  ]),
  // Label 2 (atrophy) is never true but often predicted.
  multilabel: rows([
    ['m01', 0.1, 'fluid'], ['m02', 0.6, '0'], ['m03', 0.6, 'drusen;fluid'], ['m04', 0.25, '-'], ['m05', 0.8, '0'],
    ['m06', 0.1, ''], ['m07', 0.4, 'fluid;drusen'], ['m08', 0.15, '1'], ['m09', 0.7, 'fluid;bogus'],
  ]),
  regression: rows([
    ['r01', 0.1, '1.3'], ['r02', 0.2, '1.2'], ['r03', 0.5, '2.5'], ['r04', 0.5, '1.9'], ['r05', 0.9, '3.0'],
    ['r06', 0.3, ''], ['r07', 0.7, '-0.5'], ['r08', 0.4, 'high'],
  ]),
};

/** Rows of each dataset whose truth cell cannot be read. */
export const BAD_TRUTH: Record<TinyTask, string> = { binary: 'b11', multilabel: 'm09', regression: 'r08' };

export const TASKS: TinyTask[] = ['binary', 'multilabel', 'regression'];

export interface TaskRuns {
  t: TestApi;
  dataRoot: string;
  models: Record<TinyTask, { id: string; task: string; classNames: string[] }>;
  runs: Record<TinyTask, string>;
  stop(): Promise<void>;
}

export async function startTaskRuns(): Promise<TaskRuns> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'gradcam-tasks-'));
  for (const task of TASKS) writeTinyModel(dataRoot, `tiny-${task}`, task, TASK_DATASETS[task]);
  const t = await startTestApi({ dataRoot, defaultModel: join(dataRoot, 'none') });
  let worker: TestWorker | undefined;
  try {
    worker = await startTestWorker(t);
    const models = {} as TaskRuns['models'];
    const runs = {} as TaskRuns['runs'];
    for (const task of TASKS) {
      models[task] = ok(await t.gql('mutation($path: String!) { registerModel(path: $path) { id task classNames } }', { path: `tiny-${task}` })).registerModel;
      runs[task] = ok(await t.gql(START_BATCH, { input: { modelId: models[task].id, dataset: `tiny-${task}/samples`, batchSize: 4 } })).startBatch.id;
    }
    for (const task of TASKS) await runFinished(t.gql, runs[task]);
    const stopWorker = worker;
    return {
      t,
      dataRoot,
      models,
      runs,
      async stop() {
        await stopWorker.stop();
        await t.stop();
        rmSync(dataRoot, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await worker?.stop();
    await t.stop();
    throw err;
  }
}
