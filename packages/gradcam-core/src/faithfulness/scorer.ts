/** The class probabilities of the original model (not the compiled one) for a batch of inputs. */
import * as ort from 'onnxruntime-node';
import type { LoadedModel } from '../model/load';
import { openSession, type SessionOptions } from '../runtime/device';
import type { InputTensor } from '../runtime/engine';

export type Scorer = (inputs: Readonly<Record<string, InputTensor>>) => Promise<Float32Array[]>;

function softmaxRow(row: Float32Array): Float32Array {
  const max = Math.max(...row);
  const exp = row.map((v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((v) => v / sum);
}

export async function openScorer(model: LoadedModel, options: SessionOptions = {}): Promise<{ score: Scorer; release: () => Promise<void> }> {
  const { session } = await openSession(model.bytes, options);
  const k = model.config.classes.length;
  const score: Scorer = async (inputs) => {
    const feeds = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, new ort.Tensor('float32', t.data, t.dims)]));
    const out = (await session.run(feeds))[model.config.output]!.data as Float32Array;
    const rows = Array.from({ length: out.length / k }, (_, r) => out.slice(r * k, (r + 1) * k));
    return model.config.outputKind === 'logits' ? rows.map(softmaxRow) : rows;
  };
  return { score, release: () => session.release() };
}
