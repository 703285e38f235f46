/**
 * Faithfulness of one map for one input of one sample: does removing what the map points at hurt
 * the prediction (and keeping it preserve it) more than removing other pixels would?
 * - deletion / insertion AUC (Petsiuk et al., 2018): target probability while the most relevant
 *   pixels are removed (lower is better) / restored into a blank input (higher is better);
 * - drop / increase (Chattopadhay et al., 2018): the input seen through the map, fill + map·(x − fill);
 * - ROAD (Rong et al., 2022): the most (MoRF, lower is better) or least (LeRF, higher is better)
 *   relevant fraction of pixels removed by noisy linear imputation.
 * Other inputs of the sample stay as they are.
 */
import type { InputSpec } from '../model/config';
import type { InputTensor } from '../runtime/engine';
import { blackFill, curveRows, maskedByMap, relevanceOrder, stackRows } from './perturb';
import { firstPixels, noisyLinearImputation } from './road';
import type { Scorer } from './scorer';

export interface FaithfulnessOptions {
  /** Deletion/insertion steps (default 16). */
  steps?: number;
  /** ROAD removal fractions (default 0.1, 0.3, 0.5, 0.7, 0.9). */
  roadFractions?: number[];
  /** ROAD noise, × the channel's standard deviation (default 0.05). */
  roadNoise?: number;
}

export const FAITHFULNESS_DEFAULTS: Required<FaithfulnessOptions> = { steps: 16, roadFractions: [0.1, 0.3, 0.5, 0.7, 0.9], roadNoise: 0.05 };

export interface MapScores {
  /** Target probability of the unchanged sample. */
  probability: number;
  deletionAuc: number;
  insertionAuc: number;
  /** 100 · max(0, p − p̃) / p, p̃ the probability of the input seen through the map. */
  drop: number;
  /** Whether p̃ > p. */
  increase: boolean;
  /** Mean target probability over the ROAD fractions, most / least relevant removed first. */
  roadMorf: number;
  roadLerf: number;
}

/** Trapezoidal area under a curve sampled at equal steps over [0, 1]. */
export function auc(values: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < values.length; i++) area += (values[i - 1]! + values[i]!) / 2;
  return area / (values.length - 1);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function scoreMap(score: Scorer, sample: Readonly<Record<string, InputTensor>>, spec: InputSpec, map: ArrayLike<number>, target: number, options: FaithfulnessOptions = {}, seed = 1): Promise<MapScores> {
  const { steps, roadFractions, roadNoise } = { ...FAITHFULNESS_DEFAULTS, ...options };
  const x = sample[spec.name]!;
  const fill = blackFill(spec);
  const order = relevanceOrder(map);
  const reversed = order.slice().reverse();
  const road = (o: Uint32Array, k: number): Float32Array[] => roadFractions.map((f, i) => noisyLinearImputation(x, firstPixels(o, f), roadNoise, seed * 7919 + k * 101 + i));
  const rows = [x.data, maskedByMap(x, map, fill), ...curveRows(x, order, fill, steps, false), ...curveRows(x, order, fill, steps, true), ...road(order, 0), ...road(reversed, 1)];
  // One run for every variant: the other inputs repeat their single row.
  const feeds: Record<string, InputTensor> = {};
  for (const [name, t] of Object.entries(sample)) feeds[name] = name === spec.name ? stackRows(rows, t.dims) : stackRows(Array<Float32Array>(rows.length).fill(t.data), t.dims);
  const p = (await score(feeds)).map((row) => row[target]!);
  let i = 0;
  const take = (n: number): number[] => p.slice(i, (i += n));
  const [original, masked] = take(2) as [number, number];
  const deletion = take(steps + 1);
  const insertion = take(steps + 1);
  return {
    probability: original,
    deletionAuc: auc(deletion),
    insertionAuc: auc(insertion),
    drop: (100 * Math.max(0, original - masked)) / original,
    increase: masked > original,
    roadMorf: mean(take(roadFractions.length)),
    roadLerf: mean(take(roadFractions.length)),
  };
}
