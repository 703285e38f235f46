/**
 * analyzeSample over HTTP against the engine alone on the same samples, in paired rounds (one of
 * each, alternating which goes first) so that machine noise hits both alike. The engine alone is
 * what explaining a sample costs without the API: decode the image files, run the engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSampleFiles } from 'gradcam-core';
import type { RunningApi } from '../app/api-server';
import { graphql } from './graphql-client';
import { percentile } from './stats';

export interface LatencyResult {
  rounds: number;
  api: { p50: number; p95: number };
  engineWithDecode: { p50: number; p95: number };
  engineRunOnly: { p50: number; p95: number };
  /** The first request of an input's overlay: its three PNGs drawn from the stored heat map. */
  firstPng: { p50: number; p95: number };
}

const ANALYZE = 'mutation($input: AnalyzeSampleInput!) { analyzeSample(input: $input) { id device heatmaps { url overlayUrl } } }';

export async function latencyBench(api: RunningApi, modelId: string, samplesDir: string, sampleIds: readonly string[], rounds: number, warmup: number): Promise<LatencyResult> {
  const model = await api.services.models.get(modelId);
  const engine = await api.services.engines.engine({ id: model.id, path: api.services.models.absolutePath(model) }, 'gradcam');
  const specs = engine.model.config.inputs;
  const files = (id: string): Record<string, string> => Object.fromEntries(specs.map((s) => [s.name, join(samplesDir, 'images', `${id}_${s.name}.png`)]));
  const apiMs: number[] = [];
  const decodeMs: number[] = [];
  const runMs: number[] = [];
  const pngMs: number[] = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const id = sampleIds[i % sampleIds.length]!;
    const images = specs.map((s) => ({ input: s.name, base64: readFileSync(files(id)[s.name]!).toString('base64') }));
    let overlayUrl = '';
    const viaApi = async (): Promise<number> => {
      const t = performance.now();
      const { analyzeSample } = await graphql<{ analyzeSample: { heatmaps: { overlayUrl: string }[] } }>(api.url, ANALYZE, { input: { modelId: model.id, externalId: `bench-${i}-${id}`, images } });
      overlayUrl = analyzeSample.heatmaps[0]!.overlayUrl;
      return performance.now() - t;
    };
    const alone = async (): Promise<[number, number]> => {
      const t = performance.now();
      const sample = await loadSampleFiles(specs, files(id));
      const t2 = performance.now();
      await engine.run(sample.inputs);
      const end = performance.now();
      return [end - t, end - t2];
    };
    let a: number;
    let e: [number, number];
    if (i % 2 === 0) {
      a = await viaApi();
      e = await alone();
    } else {
      e = await alone();
      a = await viaApi();
    }
    const t = performance.now();
    const png = await fetch(`${api.url}${overlayUrl}`);
    if (png.status !== 200) throw new Error(`${overlayUrl}: HTTP ${png.status}`);
    await png.arrayBuffer();
    if (i < warmup) continue;
    pngMs.push(performance.now() - t);
    apiMs.push(a);
    decodeMs.push(e[0]);
    runMs.push(e[1]);
  }
  const p = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
  return { rounds, api: p(apiMs), engineWithDecode: p(decodeMs), engineRunOnly: p(runMs), firstPng: p(pngMs) };
}
