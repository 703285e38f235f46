/**
 * `npm run eval -w packages/gradcam-core`: are the demo model's heat maps right? On correctly
 * classified test samples of grade 2 (decisive map: GA) and grade 3 (decisive map: MNV):
 * pointing game and share of heat-map energy inside the lesion mask, each against random maps;
 * deletion/insertion AUC of the decisive input against random orderings; and the sanity check
 * that randomising the classifier's and the last block's weights destroys the localisation.
 * Writes packages/gradcam-core/EVALUATION.md. A report, not a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CompileCache } from '../compile/cache';
import { readManifest, type ManifestRow } from '../dataset/manifest';
import { maskEnergy } from '../dataset/mask';
import { loadSampleFiles } from '../dataset/sample-loader';
import { loadModel, type LoadedModel } from '../model/load';
import { floatTensor, floatValues } from '../onnx/tensor';
import { openSession } from '../runtime/device';
import { CamEngine, type InputTensor } from '../runtime/engine';

const ROOT = resolve(__dirname, '../../../..');
const MODEL_DIR = process.env.GRADCAM_EVAL_MODEL ?? join(ROOT, 'models', 'demo');
const TEST_SET = process.env.GRADCAM_EVAL_DATA ?? join(ROOT, '.cache', 'amd-test');
const DECISIVE: Record<number, string> = { 2: 'ga', 3: 'mnv' };
const STEPS = 16;

interface Case {
  row: ManifestRow;
  label: number;
  inputs: Record<string, InputTensor>;
  mask: Uint8Array;
}

function ensureTestSet(): void {
  if (existsSync(join(TEST_SET, 'manifest.csv'))) return;
  console.log(`generating the held-out test set in ${TEST_SET} (tools/make_amd_data.py) ...`);
  execFileSync('/usr/bin/python3', [join(ROOT, 'tools', 'make_amd_data.py'), '--out', TEST_SET, '--count', '400', '--seed', '20261126'], { stdio: 'inherit' });
}

/** A seeded uniform map: the chance baseline for every localisation measure. */
function randomMap(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296));
}

const argmax = (a: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
};

async function decisiveCases(engine: CamEngine, rows: ManifestRow[], model: LoadedModel): Promise<{ cases: Case[]; accuracy: number }> {
  const cases: Case[] = [];
  let correct = 0;
  let total = 0;
  for (const row of rows) {
    if (row.problem || row.label === undefined) continue;
    const decisive = DECISIVE[row.label];
    const sample = await loadSampleFiles(model.config.inputs, row.files, decisive ? { [decisive]: row.masks[decisive]! } : {});
    const out = await engine.run(sample.inputs);
    total++;
    if (out.predictedClass[0] !== row.label) continue;
    correct++;
    if (decisive && sample.masks[decisive]?.some((v) => v)) cases.push({ row, label: row.label, inputs: sample.inputs, mask: sample.masks[decisive]! });
  }
  return { cases, accuracy: correct / total };
}

/** Pointing hits and mean in-mask energy of the engine's maps (and of random maps, seeded). */
async function localisation(engine: CamEngine, cases: Case[]): Promise<{ hits: number; energy: number; randomHits: number; randomEnergy: number }> {
  let hits = 0, energy = 0, randomHits = 0, randomEnergy = 0;
  for (const [k, c] of cases.entries()) {
    const map = (await engine.run(c.inputs, c.label)).heatmaps[DECISIVE[c.label]!]![0]!;
    const rnd = randomMap(map.length, 1000 + k);
    hits += c.mask[argmax(map)]!;
    randomHits += c.mask[argmax(rnd)]!;
    energy += maskEnergy(map, c.mask) ?? 0;
    randomEnergy += maskEnergy(rnd, c.mask) ?? 0;
  }
  const n = cases.length;
  return { hits: hits / n, energy: energy / n, randomHits: randomHits / n, randomEnergy: randomEnergy / n };
}

/**
 * Deletion (insertion): the decisive input's pixels are replaced by (restored from) the value of a
 * black pixel in order of the map, in STEPS equal steps; the AUC is the mean target probability.
 */
async function deletionInsertion(session: ort.InferenceSession, model: LoadedModel, c: Case, order: Uint32Array): Promise<{ deletion: number; insertion: number }> {
  const input = DECISIVE[c.label]!;
  const spec = model.config.inputs.find((s) => s.name === input)!;
  const black = (0 - spec.mean[0]!) / spec.std[0]!;
  const original = c.inputs[input]!.data;
  const plane = original.length;
  const curve = async (insert: boolean): Promise<number> => {
    const batch = new Float32Array((STEPS + 1) * plane);
    for (let s = 0; s <= STEPS; s++) {
      const img = batch.subarray(s * plane, (s + 1) * plane);
      img.set(insert ? new Float32Array(plane).fill(black) : original);
      const count = Math.round((s / STEPS) * plane);
      for (let i = 0; i < count; i++) img[order[i]!] = insert ? original[order[i]!]! : black;
    }
    const feeds: Record<string, ort.Tensor> = {};
    for (const s of model.config.inputs) {
      const data = s.name === input ? batch : new Float32Array((STEPS + 1) * plane).map((_, i) => c.inputs[s.name]!.data[i % plane]!);
      feeds[s.name] = new ort.Tensor('float32', data, [STEPS + 1, s.channels, s.height, s.width]);
    }
    const scores = (await session.run(feeds))[model.config.output]!.data as Float32Array;
    const k = model.config.classes.length;
    let auc = 0;
    for (let s = 0; s <= STEPS; s++) {
      const row = scores.subarray(s * k, (s + 1) * k);
      const max = Math.max(...row);
      const exp = Array.from(row, (v) => Math.exp(v - max));
      const p = model.config.outputKind === 'logits' ? exp[c.label]! / exp.reduce((a, b) => a + b, 0) : row[c.label]!;
      auc += p / (STEPS + 1);
    }
    return auc;
  };
  return { deletion: await curve(false), insertion: await curve(true) };
}

const orderOf = (map: ArrayLike<number>): Uint32Array => Uint32Array.from({ length: map.length }, (_, i) => i).sort((a, b) => map[b]! - map[a]!);

/** A copy of the model whose classifier and last convolution before each target layer are random. */
function randomised(model: LoadedModel): LoadedModel {
  const copy: LoadedModel = { ...model, sha256: `randomised-${model.sha256}`, onnx: { ...model.onnx, graph: { ...model.onnx.graph, initializers: [...model.onnx.graph.initializers] } } };
  const g = copy.onnx.graph;
  const producer = new Map(g.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const weights = new Set<string>();
  for (const target of Object.values(model.config.targetLayers)) {
    let node = producer.get(target);
    while (node && node.opType !== 'Conv') node = producer.get(node.inputs[0]!);
    if (node) weights.add(node.inputs[1]!);
  }
  for (const n of g.nodes) if (n.opType === 'Gemm' || n.opType === 'MatMul') weights.add(n.inputs[1]!);
  g.initializers = g.initializers.map((t, k) => {
    if (!weights.has(t.name)) return t;
    const old = floatValues(t);
    const scale = Math.sqrt(old.reduce((a, v) => a + v * v, 0) / old.length);
    const rnd = randomMap(old.length, 77 + k);
    return floatTensor(t.name, t.dims, Array.from(rnd, (v) => (v * 2 - 1) * scale * Math.sqrt(3)));
  });
  return copy;
}

async function main(): Promise<void> {
  ensureTestSet();
  const model = loadModel(MODEL_DIR);
  const cache = new CompileCache(null);
  const engine = await CamEngine.create(model, { device: 'cpu', cache });
  const manifest = readManifest(TEST_SET, model.config);
  const { cases, accuracy } = await decisiveCases(engine, manifest.rows, model);
  if (cases.length === 0) throw new Error('no correctly classified grade 2/3 sample with a lesion mask in the test set');
  const loc = await localisation(engine, cases);
  const { session } = await openSession(model.bytes, { device: 'cpu' });
  let del = 0, ins = 0, rdel = 0, rins = 0;
  for (const [k, c] of cases.entries()) {
    const map = (await engine.run(c.inputs, c.label)).heatmaps[DECISIVE[c.label]!]![0]!;
    const cam = await deletionInsertion(session, model, c, orderOf(map));
    const rnd = await deletionInsertion(session, model, c, orderOf(randomMap(map.length, 5000 + k)));
    del += cam.deletion; ins += cam.insertion; rdel += rnd.deletion; rins += rnd.insertion;
  }
  const n = cases.length;
  const broken = await CamEngine.create(randomised(model), { device: 'cpu', cache });
  const sanity = await localisation(broken, cases);
  await Promise.all([engine.dispose(), broken.dispose(), session.release()]);

  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const f = (x: number): string => x.toFixed(3);
  const report = [
    '# Are the heat maps right? (demo model)',
    '',
    `Command: \`npm run eval -w packages/gradcam-core\` (${new Date().toISOString().slice(0, 10)}). Model \`${MODEL_DIR.replace(ROOT + '/', '')}\`, held-out test set \`${TEST_SET.replace(ROOT + '/', '')}\` (${manifest.rows.length} samples, \`tools/make_amd_data.py --count 400 --seed 20261126\`); test accuracy ${pct(accuracy)}.`,
    `Evaluated: the ${n} correctly classified samples of grade 2 (decisive map GA) and grade 3 (decisive map MNV), Grad-CAM of the true class; random maps are seeded uniform noise.`,
    '',
    '| measure | Grad-CAM | random maps |',
    '|---|---|---|',
    `| pointing game (peak inside the lesion mask) | ${pct(loc.hits)} | ${pct(loc.randomHits)} |`,
    `| share of map energy inside the mask | ${pct(loc.energy)} | ${pct(loc.randomEnergy)} |`,
    `| deletion AUC (lower is better) | ${f(del / n)} | ${f(rdel / n)} |`,
    `| insertion AUC (higher is better) | ${f(ins / n)} | ${f(rins / n)} |`,
    '',
    `Sanity (Adebayo et al.): with the classifier's and each backbone's last convolution's weights randomised, the pointing game falls from ${pct(loc.hits)} to ${pct(sanity.hits)} and the in-mask energy from ${pct(loc.energy)} to ${pct(sanity.energy)}.`,
    `Deletion/insertion replace the decisive input's pixels by black in ${STEPS} steps, in the order of the map; the AUC is the mean probability of the true class.`,
    '',
  ].join('\n');
  writeFileSync(join(__dirname, '..', '..', 'EVALUATION.md'), report);
  console.log(report);
}

main().catch((err: Error) => {
  process.stderr.write(`eval: ${err.message}\n`);
  process.exit(1);
});
