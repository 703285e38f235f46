/** `gradcam layers`: the candidate target layers per input — with their grid — the chosen one marked, and why. */
import { probeModel } from '../compile/compiler';
import { describeLayout } from '../compile/layer-layout';
import { layerCandidates, resolveTargetLayers } from '../compile/targets';
import { loadModel } from '../model/load';

export async function layersCommand(args: { model: string }, log: (line: string) => void): Promise<void> {
  const model = loadModel(args.model);
  const probe = await probeModel(model);
  const inputs = model.config.inputs.map((i) => i.name);
  const chosen = resolveTargetLayers(model.onnx, probe, inputs, model.config.targetLayers, model.config.layerHints);
  for (const input of inputs) {
    const candidates = layerCandidates(model.onnx, probe, input, inputs);
    const target = chosen[input]!;
    const why = target.reason === 'requested' ? 'from gradcam.json' : target.reason;
    log(`${input}: ${candidates.length} candidate layers (shape at batch 1; * = used: ${target.tensor}, ${why})`);
    for (const c of candidates) log(`  ${c.tensor === target.tensor ? '*' : ' '} ${c.tensor}  [1,${c.shape.slice(1).join(',')}]  ${c.op}  ${describeLayout(c.layout)}`);
    if (!candidates.some((c) => c.tensor === target.tensor)) log(`  * ${target.tensor}  ${describeLayout(target.layout)} (from gradcam.json)`);
  }
}
