/**
 * Seeds the API the way a researcher would: the demo model and its earlier checkpoint explain the
 * same demo samples (models/demo/samples) through analyzeSample, so each model's ad-hoc run holds
 * real predictions and heat maps, and the two runs differ where the checkpoints disagree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiRequest } from './api-client';

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
}

interface DemoRow {
  id: string;
  label: number;
  borderline: boolean;
}

/** The borderline demo samples (where models err) and a few clear ones of every grade. */
export function pickDemoSamples(samplesDir: string, clearPerGrade: number): DemoRow[] {
  const [header, ...lines] = readFileSync(join(samplesDir, 'details.csv'), 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const rows = lines.map((l) => {
    const v = l.split(',');
    return { id: v[cols.indexOf('id')]!, label: Number(v[cols.indexOf('label')]), borderline: v[cols.indexOf('borderline')] === '1' };
  });
  const clear = [0, 1, 2, 3].flatMap((grade) => rows.filter((r) => !r.borderline && r.label === grade).slice(0, clearPerGrade));
  return [...rows.filter((r) => r.borderline), ...clear].sort((a, b) => a.id.localeCompare(b.id));
}

const ANALYZE = `mutation($input: AnalyzeSampleInput!) {
  analyzeSample(input: $input) { id runId externalId trueClass predictedClass correct confidence }
}`;

async function analyzeAll(apiUrl: string, modelId: string, rows: DemoRow[], inputs: string[]): Promise<{ runId: string; samples: SeededSample[] }> {
  const samples: SeededSample[] = [];
  let runId = '';
  for (const row of rows) {
    const images = inputs.map((input) => ({ input, path: `demo/samples/images/${row.id}_${input}.png` }));
    const { analyzeSample: s } = await apiRequest<{ analyzeSample: SeededSample & { runId: string } }>(apiUrl, ANALYZE, {
      input: { modelId, externalId: row.id, trueClass: row.label, images },
    });
    runId = s.runId;
    samples.push({ id: s.id, externalId: s.externalId, trueClass: s.trueClass, predictedClass: s.predictedClass, correct: s.correct, confidence: s.confidence });
  }
  return { runId, samples };
}

export async function seedDemoRuns(apiUrl: string, samplesDir: string): Promise<Seed> {
  const { models } = await apiRequest<{ models: { id: string; name: string; path: string; inputs: string[]; classNames: string[] }[] }>(apiUrl, '{ models { id name path inputs classNames } }');
  const current = models.find((m) => m.path === 'demo') ?? models[0];
  if (!current) throw new Error('the API registered no model at start-up (models/demo missing?)');
  const { registerModel: earlier } = await apiRequest<{ registerModel: { id: string; name: string } }>(apiUrl, 'mutation { registerModel(path: "demo/earlier") { id name } }');
  const rows = pickDemoSamples(samplesDir, 3);
  // One model after the other: the API explains on this machine's two cores either way.
  const currentRun = await analyzeAll(apiUrl, current.id, rows, current.inputs);
  const earlierRun = await analyzeAll(apiUrl, earlier.id, rows, current.inputs);
  return {
    classNames: current.classNames,
    inputs: current.inputs,
    current: { ...currentRun, modelId: current.id, modelName: current.name },
    earlier: { ...earlierRun, modelId: earlier.id, modelName: earlier.name },
  };
}
