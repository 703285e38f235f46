/**
 * What the compiled graph of a forward method hands its passes: the target activations (and their
 * shapes, for the map graph) and, when the passes run the head, the boundary values it reads.
 * Recorded with the compiled graph, so a cache hit needs no probe.
 */
import type { ProbeResult } from '../../compile/probe';
import { PROBE_BATCH } from '../../compile/probe';
import type { LoadedModel } from '../../model/load';
import type { ForwardCamMethod } from './forward-method';
import { cutHead, HeadCutError } from './head-graph';

export interface ForwardPassValues {
  /** Target-layer shape per input name, [N,C,h,w] at the probe's batch size. */
  activationShapes: Record<string, number[]>;
  /** Boundary values of the head, in the head graph's input order after the targets. */
  boundary: string[];
}

export function forwardPassValues(model: LoadedModel, layers: Readonly<Record<string, string>>, probe: ProbeResult, method: ForwardCamMethod): ForwardPassValues {
  const activationShapes: Record<string, number[]> = {};
  for (const [input, tensor] of Object.entries(layers)) {
    const shape = probe.shapes.get(tensor);
    if (shape?.length !== 4) throw new Error(`the target layer '${tensor}' of input '${input}' is not a known [N,C,h,w] tensor`);
    activationShapes[input] = shape;
  }
  const boundary = method.forward.graph === 'head' ? cutHead(model.onnx, Object.values(layers), model.config.output).boundary : [];
  for (const value of boundary) {
    const shape = probe.shapes.get(value);
    const type = probe.types.get(value);
    // A pass is one sample: a value is fed per pass only if it holds one row per sample.
    if (type !== 'float32' || shape?.[0] !== PROBE_BATCH)
      throw new HeadCutError(
        `the layers after the target layers read '${value}' (${type ?? 'unknown type'} [${shape?.join(',') ?? '?'}]), computed before them; ` +
          `${method.name} can only pass it on when it is a float32 tensor with a batch axis`,
      );
  }
  return { activationShapes, boundary };
}
