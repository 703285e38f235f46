/**
 * Faithfulness over a set of samples: every input's map scored against a seeded random map of
 * the same sample ("is this map better than chance?"), summarised per input.
 */
import type { CamEngine, InputTensor } from '../runtime/engine';
import { type FaithfulnessOptions, type MapScores, scoreMap } from './metrics';
import { randomMap } from './perturb';
import type { Scorer } from './scorer';

export interface FaithfulnessSample {
  id: string;
  inputs: Record<string, InputTensor>;
  /** The known class; used when `target` is 'true'. */
  label?: number;
}

export interface SampleFaithfulness {
  id: string;
  target: number;
  /** Per input: the CAM's scores and the random map's. */
  inputs: Record<string, { cam: MapScores; random: MapScores }>;
}

/** A metric's mean for the CAMs and for the random maps, and how often the CAM did better. */
export interface MetricComparison {
  cam: number;
  random: number;
  /** Share of samples where the CAM beat the random map of the same sample. */
  winRate: number;
  /** 'lower' or 'higher' is better. */
  better: 'lower' | 'higher';
}

export interface InputFaithfulness {
  deletionAuc: MetricComparison;
  insertionAuc: MetricComparison;
  /** Average drop in confidence, %. */
  averageDrop: MetricComparison;
  /** Share of samples whose confidence rose on the input seen through the map, %. */
  increaseInConfidence: MetricComparison;
  roadMorf: MetricComparison;
  roadLerf: MetricComparison;
}

export interface FaithfulnessReport {
  method: string;
  samples: SampleFaithfulness[];
  inputs: Record<string, InputFaithfulness>;
}

export interface EvaluateOptions extends FaithfulnessOptions {
  /** Explain the predicted class (default) or the sample's known class. */
  target?: 'predicted' | 'true';
  /** Inputs to perturb (default: all). */
  inputs?: string[];
  onSample?: (done: number, total: number) => void;
}

const METRICS: { key: keyof InputFaithfulness; better: 'lower' | 'higher'; value: (s: MapScores) => number }[] = [
  { key: 'deletionAuc', better: 'lower', value: (s) => s.deletionAuc },
  { key: 'insertionAuc', better: 'higher', value: (s) => s.insertionAuc },
  { key: 'averageDrop', better: 'lower', value: (s) => s.drop },
  { key: 'increaseInConfidence', better: 'higher', value: (s) => (s.increase ? 100 : 0) },
  { key: 'roadMorf', better: 'lower', value: (s) => s.roadMorf },
  { key: 'roadLerf', better: 'higher', value: (s) => s.roadLerf },
];

export function summarise(samples: readonly SampleFaithfulness[], input: string): InputFaithfulness {
  const pairs = samples.map((s) => s.inputs[input]!);
  const n = pairs.length;
  const entries = METRICS.map(({ key, better, value }) => {
    const cam = pairs.reduce((a, p) => a + value(p.cam), 0) / n;
    const random = pairs.reduce((a, p) => a + value(p.random), 0) / n;
    const wins = pairs.filter((p) => (better === 'lower' ? value(p.cam) < value(p.random) : value(p.cam) > value(p.random))).length;
    return [key, { cam, random, winRate: wins / n, better }] as const;
  });
  return Object.fromEntries(entries) as unknown as InputFaithfulness;
}

export async function evaluateFaithfulness(engine: CamEngine, score: Scorer, samples: readonly FaithfulnessSample[], options: EvaluateOptions = {}): Promise<FaithfulnessReport> {
  const specs = engine.model.config.inputs.filter((s) => !options.inputs || options.inputs.includes(s.name));
  const unknown = (options.inputs ?? []).filter((name) => !specs.some((s) => s.name === name));
  if (unknown.length) throw new RangeError(`unknown input(s) ${unknown.join(', ')}; the model takes ${engine.model.config.inputs.map((s) => s.name).join(', ')}`);
  if (samples.length === 0) throw new RangeError('no samples to evaluate');
  const results: SampleFaithfulness[] = [];
  for (const [k, sample] of samples.entries()) {
    if (options.target === 'true' && sample.label === undefined) throw new RangeError(`sample ${sample.id} has no label to explain`);
    const out = await engine.run(sample.inputs, options.target === 'true' ? sample.label : undefined);
    const target = out.targetClass[0]!;
    const inputs: SampleFaithfulness['inputs'] = {};
    for (const [j, spec] of specs.entries()) {
      const map = out.heatmaps[spec.name]![0]!;
      inputs[spec.name] = {
        cam: await scoreMap(score, sample.inputs, spec, map, target, options, k + 1),
        random: await scoreMap(score, sample.inputs, spec, randomMap(map.length, 1000 * (k + 1) + j), target, options, k + 1),
      };
    }
    results.push({ id: sample.id, target, inputs });
    options.onSample?.(k + 1, samples.length);
  }
  return { method: engine.compiled.method, samples: results, inputs: Object.fromEntries(specs.map((s) => [s.name, summarise(results, s.name)])) };
}
