/** One sample after the engine ran: what is stored of it and what its PNGs are drawn from. */
import type { CamResult, DisplayImage } from 'gradcam-core';

export interface ExplainedSample {
  /** Assigned before anything is written: it names the sample's artifact folder. */
  id: string;
  externalId: string;
  trueClass: number | null;
  method: string;
  cam: CamResult;
  /** Engine time of the batch the sample ran in, per row. */
  engineMs: number;
  /** Input name -> the image its overlay is drawn on. */
  display: Record<string, DisplayImage>;
}
