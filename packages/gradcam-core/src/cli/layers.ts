/** `gradcam layers`: the candidate target tensors per input, default marked. */
import { probeModel } from '../compile/compiler';
import { layerCandidates, resolveTargetLayers } from '../compile/targets';
import { loadModel } from '../model/load';

export async function layersCommand(args: { model: string }, log: (line: string) => void): Promise<void> {
  const model = loadModel(args.model);
  const probe = await probeModel(model);
  const inputs = model.config.inputs.map((i) => i.name);
  for (const input of inputs) {
    const candidates = layerCandidates(model.onnx, probe, input, inputs);
    const configured = model.config.targetLayers[input];
    const chosen = resolveTargetLayers(model.onnx, probe, inputs, model.config.targetLayers)[input];
    log(`${input}: ${candidates.length} candidate feature maps (shape at batch 1; * = used by default${configured ? ', from gradcam.json' : ''})`);
    for (const c of candidates) log(`  ${c.tensor === chosen ? '*' : ' '} ${c.tensor}  [1,${c.shape.slice(1).join(',')}]  ${c.op}`);
  }
}
