/**
 * The map graph of the forward methods: the shared pipeline (cam/pipeline.ts) from the target
 * activations and the channel weights the passes produced, so the maps are computed exactly as
 * every other method's. Inputs per image input: its activations, under the name the compiled
 * graph outputs them, and their weights [N,C,1,1]; outputs under the compiled graph's map names.
 */
import { OUT } from '../../compile/compiler';
import type { LoadedModel } from '../../model/load';
import { GraphBuilder } from '../../onnx/builder';
import { DataType, type Graph, type OnnxModel } from '../../onnx/ir';
import { camMaps } from '../pipeline';
import { type ForwardCamMethod, weightsInput } from './forward-method';

export function mapsModel(model: LoadedModel, method: ForwardCamMethod, shapes: Readonly<Record<string, readonly number[]>>): OnnxModel {
  const graph: Graph = { name: 'forward-cam-maps', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], extra: [] };
  const opsetImports = model.onnx.opsetImports.filter((o) => o.domain === '' || o.domain === 'ai.onnx');
  const onnx: OnnxModel = { irVersion: model.onnx.irVersion, opsetImports, graph, extra: [] };
  const b = new GraphBuilder(graph, opsetImports[0]!.version);
  for (const spec of model.config.inputs) {
    const activations = OUT.activation(spec.name);
    for (const name of [activations, weightsInput(activations)]) graph.inputs.push({ name, elemType: DataType.FLOAT, extra: [] });
    const shape = shapes[spec.name];
    if (!shape) throw new Error(`the shape of the target layer of input '${spec.name}' is unknown`);
    const maps = camMaps(method, { b, activations, shape }, spec.height, spec.width);
    for (const [value, name] of [
      [maps.cam, OUT.cam(spec.name)],
      [maps.rawMin, OUT.rawMin(spec.name)],
      [maps.rawMax, OUT.rawMax(spec.name)],
    ] as const)
      b.output(b.alias(value, name));
  }
  return onnx;
}
