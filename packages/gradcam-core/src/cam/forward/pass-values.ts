/**
 * What the compiled graph of a forward method hands its passes: the target activations (and their
 * shapes, for the map graph) and, when the passes run the head, the boundary values it reads.
 * Recorded with the compiled graph, so a cache hit needs no probe.
 */
import type { LayerLayout } from '../../compile/layer-layout';
import type { ProbeResult } from '../../compile/probe';
import type { TargetLayer } from '../../compile/targets';
import { PROBE_BATCH } from '../../compile/probe';
import type { LoadedModel } from '../../model/load';
import type { ForwardCamMethod } from './forward-method';
import { cutHead, HeadCutError } from './head-graph';

export interface ForwardPassValues {
  /** Target-layer feature-map shape per input name, [N,C,h,w] at the probe's batch size. */
  activationShapes: Record<string, number[]>;
  /** How each input's target tensor is laid out (Ablation-CAM zeroes a channel in it). */
  layouts: Record<string, LayerLayout>;
  /** Boundary values of the head, in the head graph's input order after the targets. */
  boundary: string[];
}

export function forwardPassValues(model: LoadedModel, targets: Readonly<Record<string, TargetLayer>>, probe: ProbeResult, method: ForwardCamMethod): ForwardPassValues {
  const activationShapes: Record<string, number[]> = {};
  const layouts: Record<string, LayerLayout> = {};
  for (const [input, target] of Object.entries(targets)) {
    activationShapes[input] = target.mapShape;
    layouts[input] = target.layout;
  }
  const layers = Object.values(targets).map((t) => t.tensor);
  const boundary = method.forward.graph === 'head' ? cutHead(model.onnx, layers, model.config.output).boundary : [];
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
  return { activationShapes, layouts, boundary };
}
