/**
 * Runs of a multi-label and a regression model beside the demo runs: tiny one-input models and
 * their datasets written into the suite's data root by the API tests' own builders (the engine's
 * graph builder and .npy writer, apps/api/test/support), explained by startBatch like the others.
 * A label never true and an unlabelled row in each, so the views show an undefined score.
 */
import { writeTinyModel, type TinyRow } from '../../../api/test/support/tiny-dataset';
import type { TinyTask } from '../../../api/test/support/tiny-onnx';
import { apiRequest } from './api-client';

export type SeededTask = Exclude<TinyTask, 'binary'>;

export interface SeededTaskSample {
  id: string;
  externalId: string;
  predictedLabels: number[] | null;
  trueLabels: number[] | null;
  values: number[] | null;
  trueValue: number | null;
  correct: boolean | null;
}

export interface SeededTaskRun {
  runId: string;
  classNames: string[];
  samples: SeededTaskSample[];
}

const rows = (spec: [string, number, string][]): TinyRow[] => spec.map(([id, level, truth]) => ({ id, level, truth }));

const DATASETS: Record<SeededTask, TinyRow[]> = {
  multilabel: rows([['m01', 0.1, 'fluid'], ['m02', 0.6, 'drusen'], ['m03', 0.6, 'drusen;fluid'], ['m04', 0.25, '-'], ['m05', 0.8, '0'], ['m06', 0.1, '']]),
  regression: rows([['r01', 0.1, '1.3'], ['r02', 0.2, '1.2'], ['r03', 0.5, '2.5'], ['r04', 0.9, '3.0'], ['r05', 0.3, '']]),
};

export function writeTaskModels(dataRoot: string): void {
  for (const task of Object.keys(DATASETS) as SeededTask[]) writeTinyModel(dataRoot, `tiny-${task}`, task, DATASETS[task]);
}

const SAMPLES = `query($id: ID!) { run(id: $id) { status samples(first: 100) { nodes { id externalId predictedLabels trueLabels values trueValue correct } } } }`;

async function seedTask(apiUrl: string, task: SeededTask, timeoutMs: number): Promise<SeededTaskRun> {
  const { registerModel: model } = await apiRequest<{ registerModel: { id: string; classNames: string[] } }>(apiUrl, 'mutation($path: String!) { registerModel(path: $path) { id classNames } }', { path: `tiny-${task}` });
  const { startBatch } = await apiRequest<{ startBatch: { id: string } }>(apiUrl, 'mutation($input: StartBatchInput!) { startBatch(input: $input) { id } }', { input: { modelId: model.id, name: `Tiny ${task} model`, dataset: `tiny-${task}/samples` } });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await apiRequest<{ run: { status: string; samples: { nodes: SeededTaskSample[] } } }>(apiUrl, SAMPLES, { id: startBatch.id });
    if (run.status === 'COMPLETED') return { runId: startBatch.id, classNames: model.classNames, samples: run.samples.nodes };
    if (Date.now() > deadline) throw new Error(`the ${task} seed batch is ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function seedTaskRuns(apiUrl: string): Promise<Record<SeededTask, SeededTaskRun>> {
  return { multilabel: await seedTask(apiUrl, 'multilabel', 60_000), regression: await seedTask(apiUrl, 'regression', 60_000) };
}
