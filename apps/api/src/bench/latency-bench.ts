/**
 * analyzeSample over HTTP (images as base64, and as server-side paths) against the engine alone on
 * the same samples, in rounds of one of each (in a rotating order) so that machine noise hits all
 * alike. The engine alone is what explaining a sample costs without the API: decode the image
 * files, run the engine. The client calling the API runs on its own thread (client-thread.ts).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSampleFiles } from 'gradcam-core';
import type { RunningApi } from '../app/api-server';
import { ClientThread } from './client-thread';
import { percentile } from './stats';

export interface LatencyResult {
  rounds: number;
  api: { p50: number; p95: number };
  /** The same with the images named by server-side paths under the data root. */
  apiByPath: { p50: number; p95: number };
  engineWithDecode: { p50: number; p95: number };
  engineRunOnly: { p50: number; p95: number };
  /** `{ __typename }` through the same client: what any request costs in HTTP and GraphQL alone. */
  emptyRequest: { p50: number; p95: number };
  /** The first request of an input's overlay: its three PNGs drawn from the stored heat map. */
  firstPng: { p50: number; p95: number };
  /**
   * The median over rounds of (analyzeSample / engine alone) within a round: the three run back to
   * back, so a slow spell of a shared machine hits both sides of each ratio alike.
   */
  pairedRatio: { api: number; apiByPath: number };
}

const ANALYZE = 'mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { id device heatmaps { url overlayUrl } } }';

export async function latencyBench(api: RunningApi, modelId: string, samplesDir: string, sampleIds: readonly string[], rounds: number, warmup: number): Promise<LatencyResult> {
  const model = await api.services.models.get(modelId);
  const engine = await api.services.engines.engine({ id: model.id, path: api.services.models.absolutePath(model) }, 'gradcam');
  const specs = engine.model.config.inputs;
  const files = (id: string): Record<string, string> => Object.fromEntries(specs.map((s) => [s.name, join(samplesDir, 'images', `${id}_${s.name}.png`)]));
  const apiMs: number[] = [];
  const pathMs: number[] = [];
  const decodeMs: number[] = [];
  const runMs: number[] = [];
  const pngMs: number[] = [];
  const emptyMs: number[] = [];
  const client = new ClientThread();
  try {
    for (let i = 0; i < warmup + rounds; i++) {
      const id = sampleIds[i % sampleIds.length]!;
      const images = specs.map((s) => ({ input: s.name, base64: readFileSync(files(id)[s.name]!).toString('base64') }));
      const byPath = specs.map((s) => ({ input: s.name, path: relative(api.services.config.dataRoot, files(id)[s.name]!) }));
      let overlayUrl = '';
      const viaApi = (given: object[], tag: string) => async (): Promise<number> => {
        const { ms, data } = await client.graphql<{ analyzeSample: { heatmaps: { overlayUrl: string }[] } }>(api.url, ANALYZE, { input: { modelId: model.id, externalId: `bench-${tag}-${i}-${id}`, images: given } });
        overlayUrl = data.analyzeSample.heatmaps[0]!.overlayUrl;
        return ms;
      };
      let decodeAndRun = 0;
      const alone = async (): Promise<number> => {
        const t = performance.now();
        const sample = await loadSampleFiles(specs, files(id));
        const t2 = performance.now();
        await engine.run(sample.inputs);
        const end = performance.now();
        decodeAndRun = end - t;
        return end - t2;
      };
      // The three in a rotating order, so that machine noise hits each alike.
      const steps = [viaApi(images, 'b64'), viaApi(byPath, 'path'), alone];
      const ms: number[] = [];
      for (let k = 0; k < 3; k++) ms[(i + k) % 3] = await steps[(i + k) % 3]!();
      const [a, byPathMs, run] = ms as [number, number, number];
      const empty = await client.graphql(api.url, '{ __typename }', {});
      const t = performance.now();
      const png = await fetch(`${api.url}${overlayUrl}`);
      if (png.status !== 200) throw new Error(`${overlayUrl}: HTTP ${png.status}`);
      await png.arrayBuffer();
      if (i < warmup) continue;
      pngMs.push(performance.now() - t);
      emptyMs.push(empty.ms);
      apiMs.push(a);
      pathMs.push(byPathMs);
      decodeMs.push(decodeAndRun);
      runMs.push(run);
    }
  } finally {
    await client.close();
  }
  const p = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
  const paired = (xs: number[]) => percentile(xs.map((x, i) => x / decodeMs[i]!), 50);
  return { rounds, api: p(apiMs), apiByPath: p(pathMs), engineWithDecode: p(decodeMs), engineRunOnly: p(runMs), emptyRequest: p(emptyMs), firstPng: p(pngMs), pairedRatio: { api: paired(apiMs), apiByPath: paired(pathMs) } };
}
