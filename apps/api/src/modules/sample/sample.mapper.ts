/**
 * Stored rows -> the GraphQL Sample. Contributions are stored in the model's input order; the
 * list columns of other tasks (stored empty) are null, and an unknown multi-label truth (stored
 * as [] with correct null) is null.
 */
import type { Heatmap, Model, Sample } from '../../generated/prisma/client';
import type { HeatmapType, SampleType } from './sample.type';

/** What a sample query includes so that it can be mapped. */
export const SAMPLE_INCLUDE = { heatmaps: true, run: { select: { model: { select: { inputs: true, task: true } } } } } as const;

type HeatmapFields = Pick<Heatmap, 'input' | 'layer' | 'url' | 'overlayUrl' | 'imageUrl' | 'rawMin' | 'rawMax' | 'peakX' | 'peakY'>;

export type SampleRow = Sample & { heatmaps: HeatmapFields[]; run: { model: Pick<Model, 'inputs' | 'task'> } };

function toHeatmapType(h: HeatmapFields): HeatmapType {
  return { input: h.input, layer: h.layer, url: h.url, overlayUrl: h.overlayUrl, imageUrl: h.imageUrl, rawMin: h.rawMin, rawMax: h.rawMax, peak: { x: h.peakX, y: h.peakY } };
}

export function toSampleType(row: SampleRow): SampleType {
  const { inputs, task } = row.run.model;
  const order = (input: string): number => inputs.indexOf(input);
  return {
    ...row,
    task,
    predictedLabels: task === 'MULTILABEL' ? row.predictedLabels : null,
    trueLabels: task === 'MULTILABEL' && row.correct !== null ? row.trueLabels : null,
    values: task === 'REGRESSION' ? row.values : null,
    branchContributions: row.branchContributions.map((value, i) => ({ input: inputs[i] ?? `#${i}`, value })),
    heatmaps: [...row.heatmaps].sort((a, b) => order(a.input) - order(b.input)).map(toHeatmapType),
  };
}
