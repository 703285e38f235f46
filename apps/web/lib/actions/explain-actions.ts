'use server';
/**
 * "Explain another class": analyzeSample again on the sample's own images with another target
 * class. The images come back from the API (Heatmap.imageUrl) and are sent as base64; the new
 * explanation is stored in the model's ad-hoc run without a true class, so it never counts in a
 * run's metrics.
 */
import { apiOrigin } from '../env';
import { problemAdvice } from '../graphql/api-problem';
import { gql } from '../graphql/client';
import { AnalyzeSampleDocument, RunHeaderDocument, type SampleDetailFieldsFragment, SampleDetailDocument } from '../graphql/generated/operations';

export type ExplainOutcome = { ok: true; sample: SampleDetailFieldsFragment } | { ok: false; message: string };

async function base64Of(url: string): Promise<string> {
  const res = await fetch(new URL(url, apiOrigin()), { cache: 'no-store' });
  if (!res.ok) throw new Error(`the API answered ${res.status} for ${url}`);
  return Buffer.from(await res.arrayBuffer()).toString('base64');
}

export async function explainClassAction(sampleId: string, targetClass: number): Promise<ExplainOutcome> {
  const detail = await gql(SampleDetailDocument, { id: sampleId });
  if (!detail.ok) return { ok: false, message: problemAdvice(detail.problem) };
  const sample = detail.data.sample;
  if (!sample) return { ok: false, message: `sample ${sampleId} no longer exists` };
  const run = await gql(RunHeaderDocument, { id: sample.runId });
  if (!run.ok) return { ok: false, message: problemAdvice(run.problem) };
  if (!run.data.run) return { ok: false, message: `run ${sample.runId} no longer exists` };

  const sources = sample.heatmaps;
  if (sources.some((h) => !h.imageUrl)) return { ok: false, message: 'the API kept no input image for this sample (it was stored before images were kept), so it cannot be explained again' };
  let encoded: { input: string; base64: string }[];
  try {
    encoded = await Promise.all(sources.map(async (h) => ({ input: h.input, base64: await base64Of(h.imageUrl!) })));
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const res = await gql(AnalyzeSampleDocument, {
    input: {
      modelId: run.data.run.model.id,
      // Unique per request: the ad-hoc run refuses a repeated externalId.
      externalId: `${sample.externalId} · class ${targetClass} · ${new Date().toISOString()}`,
      images: encoded,
      method: sample.method,
      targetClass,
    },
  });
  return res.ok ? { ok: true, sample: res.data.analyzeSample } : { ok: false, message: problemAdvice(res.problem) };
}
