/** What GradCAMVisualizer returns: the guide's result dictionaries, typed. */
import type { SamplePaths } from '../figures/output-layout';
import type { CamResult } from './multi-input-gradcam';

/** One analysed sample: the explanation plus its id, its known class and the files written. */
export interface SampleAnalysis extends CamResult {
  sampleId: string;
  /** The labelled class, when known (multiclass, binary). */
  trueClass?: number;
  /** Multi-label: the true labels, when known. */
  trueLabels?: number[];
  /** Regression: the true value of output 0, when known. */
  trueValue?: number;
  /** Written figure and heat map PNGs (when a save folder was given). */
  files?: SamplePaths;
  /** Per input with a mask: the share of the heat map inside it (see dataset/mask.ts); null for an empty map. */
  maskEnergy?: Record<string, number | null>;
}

export interface BatchSampleOk extends SampleAnalysis {
  status: 'ok';
  /** Manifest line of the sample. */
  line: number;
}

/** A row that could not be analysed (missing or undecodable file, bad manifest cell, bad values). */
export interface BatchSampleFailed {
  status: 'failed';
  sampleId: string;
  line: number;
  trueClass?: number;
  error: string;
}

export type BatchSampleResult = BatchSampleOk | BatchSampleFailed;

export interface BatchProgress {
  done: number;
  total: number;
  ok: number;
  failed: number;
  elapsedMs: number;
  /** The sample just finished. */
  last: BatchSampleResult;
}
