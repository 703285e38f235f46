'use server';
/** Batch runs started and cancelled from the runs page; the page re-renders with the new state. */
import { revalidatePath } from 'next/cache';
import { problemAdvice } from '../graphql/api-problem';
import { gql } from '../graphql/client';
import { CancelRunDocument, StartBatchDocument } from '../graphql/generated/operations';

export interface ActionOutcome {
  ok: boolean;
  message: string;
}

export async function startBatchAction(_previous: ActionOutcome | null, form: FormData): Promise<ActionOutcome> {
  const modelId = String(form.get('modelId') ?? '');
  const dataset = String(form.get('dataset') ?? '').trim();
  const method = String(form.get('method') ?? '') || undefined;
  const name = String(form.get('name') ?? '').trim() || undefined;
  const limitText = String(form.get('limit') ?? '').trim();
  const limit = limitText ? Number(limitText) : undefined;
  if (!modelId || !dataset) return { ok: false, message: 'Choose a model and give the dataset manifest’s path.' };
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return { ok: false, message: 'The number of rows must be a whole number above 0 (or empty for all).' };
  const res = await gql(StartBatchDocument, { input: { modelId, dataset, method, name, limit } });
  if (!res.ok) return { ok: false, message: problemAdvice(res.problem) };
  revalidatePath('/runs');
  return { ok: true, message: `Batch started (${res.data.startBatch.status.toLowerCase()}).` };
}

export async function cancelRunAction(runId: string): Promise<ActionOutcome> {
  const res = await gql(CancelRunDocument, { id: runId });
  if (!res.ok) return { ok: false, message: problemAdvice(res.problem) };
  revalidatePath('/runs');
  return { ok: true, message: `Run ${res.data.cancelRun.status.toLowerCase()}.` };
}
