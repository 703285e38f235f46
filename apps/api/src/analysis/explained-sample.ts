/** One sample after the engine ran: what is stored of it and what its PNGs are drawn from. */
import type { CamResult, DisplayImage } from 'gradcam-core';

/** What is known to be right for a sample; which part applies follows the model's task. */
export interface SampleTruth {
  /** Multiclass, binary. */
  trueClass: number | null;
  /** Multi-label: the true labels (an empty list: none is positive). */
  trueLabels: number[] | null;
  /** Regression: the true value of output 0. */
  trueValue: number | null;
}

export interface ExplainedSample {
  /** Assigned before anything is written: it names the sample's artifact folder. */
  id: string;
  externalId: string;
  truth: SampleTruth;
  method: string;
  cam: CamResult;
  /** Engine time of the batch the sample ran in, per row. */
  engineMs: number;
  /** Input name -> the image its overlay is drawn on. */
  display: Record<string, DisplayImage>;
}
