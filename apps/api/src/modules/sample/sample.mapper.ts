/** Stored rows -> the GraphQL Sample. Contributions are stored in the model's input order. */
import type { Heatmap, Sample } from '../../generated/prisma/client';
import type { HeatmapType, SampleType } from './sample.type';

/** What a sample query includes so that it can be mapped. */
export const SAMPLE_INCLUDE = { heatmaps: true, run: { select: { model: { select: { inputs: true } } } } } as const;

type HeatmapFields = Pick<Heatmap, 'input' | 'layer' | 'url' | 'overlayUrl' | 'imageUrl' | 'rawMin' | 'rawMax' | 'peakX' | 'peakY'>;

export type SampleRow = Sample & { heatmaps: HeatmapFields[]; run: { model: { inputs: string[] } } };

function toHeatmapType(h: HeatmapFields): HeatmapType {
  return { input: h.input, layer: h.layer, url: h.url, overlayUrl: h.overlayUrl, imageUrl: h.imageUrl, rawMin: h.rawMin, rawMax: h.rawMax, peak: { x: h.peakX, y: h.peakY } };
}

export function toSampleType(row: SampleRow): SampleType {
  const inputs = row.run.model.inputs;
  const order = (input: string): number => inputs.indexOf(input);
  return {
    ...row,
    branchContributions: row.branchContributions.map((value, i) => ({ input: inputs[i] ?? `#${i}`, value })),
    heatmaps: [...row.heatmaps].sort((a, b) => order(a.input) - order(b.input)).map(toHeatmapType),
  };
}
