/**
 * Seeds the API the way a researcher would: the demo model and its earlier checkpoint each run a
 * batch (startBatch) over the first rows of the demo set's manifest (models/demo/samples), so the
 * two runs hold real predictions and heat maps of the same samples, and differ where the
 * checkpoints disagree. The models' ad-hoc runs stay free for the tests' own analyzeSample calls.
 */
import { apiRequest } from './api-client';
import { type SeededTask, type SeededTaskRun, seedTaskRuns } from './seed-tasks';

/** Under the API's default data root (models/). */
const DEMO_MANIFEST = 'demo/samples/manifest.csv';

export interface SeededSample {
  id: string;
  externalId: string;
  trueClass: number;
  predictedClass: number;
  correct: boolean;
  confidence: number;
}

export interface SeededRun {
  runId: string;
  modelId: string;
  modelName: string;
  samples: SeededSample[];
}

export interface Seed {
  classNames: string[];
  inputs: string[];
  /** The final demo model's run, and the earlier checkpoint's run, over the same samples. */
  current: SeededRun;
  earlier: SeededRun;
  /** A multi-label and a regression model's runs (seed-tasks.ts). */
  tasks: Record<SeededTask, SeededTaskRun>;
}

const START_BATCH = `mutation($input: StartBatchInput!) { startBatch(input: $input) { id } }`;
const RUN_STATE = `query($id: ID!) { run(id: $id) { status progress { total done failed } } }`;
const RUN_SAMPLES = `query($id: ID!) { run(id: $id) { samples(first: 500) { nodes { id externalId trueClass predictedClass correct confidence } } } }`;

async function startBatch(apiUrl: string, modelId: string, name: string, rows: number): Promise<string> {
  const { startBatch: run } = await apiRequest<{ startBatch: { id: string } }>(apiUrl, START_BATCH, { input: { modelId, name, dataset: DEMO_MANIFEST, limit: rows } });
  return run.id;
}

async function waitForCompletion(apiUrl: string, runId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await apiRequest<{ run: { status: string; progress: { total: number; done: number; failed: number } } }>(apiUrl, RUN_STATE, { id: runId });
    if (run.status === 'COMPLETED') {
      if (run.progress.failed) throw new Error(`seed batch ${runId}: ${run.progress.failed} rows failed`);
      return;
    }
    if (run.status === 'CANCELLED' || Date.now() > deadline) throw new Error(`seed batch ${runId} ended ${run.status} at ${run.progress.done}/${run.progress.total}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function storedSamples(apiUrl: string, runId: string): Promise<SeededSample[]> {
  const { run } = await apiRequest<{ run: { samples: { nodes: SeededSample[] } } }>(apiUrl, RUN_SAMPLES, { id: runId });
  return run.samples.nodes;
}

export async function seedDemoRuns(apiUrl: string, rows: number): Promise<Seed> {
  const { models } = await apiRequest<{ models: { id: string; name: string; path: string; inputs: string[]; classNames: string[] }[] }>(apiUrl, '{ models { id name path inputs classNames } }');
  const current = models.find((m) => m.path === 'demo') ?? models[0];
  if (!current) throw new Error('the API registered no model at start-up (models/demo missing?)');
  const { registerModel: earlier } = await apiRequest<{ registerModel: { id: string; name: string } }>(apiUrl, 'mutation { registerModel(path: "demo/earlier") { id name } }');
  // Both queued at once; the API's worker explains them on this machine's two cores.
  const currentRunId = await startBatch(apiUrl, current.id, 'Demo model on the demo set', rows);
  const earlierRunId = await startBatch(apiUrl, earlier.id, 'Earlier checkpoint on the demo set', rows);
  for (const id of [currentRunId, earlierRunId]) await waitForCompletion(apiUrl, id, 180_000);
  const tasks = await seedTaskRuns(apiUrl);
  return {
    tasks,
    classNames: current.classNames,
    inputs: current.inputs,
    current: { runId: currentRunId, modelId: current.id, modelName: current.name, samples: await storedSamples(apiUrl, currentRunId) },
    earlier: { runId: earlierRunId, modelId: earlier.id, modelName: earlier.name, samples: await storedSamples(apiUrl, earlierRunId) },
  };
}
