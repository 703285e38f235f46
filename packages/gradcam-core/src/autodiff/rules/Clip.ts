import { attrFloat } from '../../onnx/attributes';
import type { VjpRule } from '../rule';

/** y = min(max(x, lo), hi): dx = dy where lo < x < hi, else 0 (Relu6 is Clip(0, 6)). */
export const clipGrad: VjpRule = {
  opType: 'Clip',
  differentiableInputs: [0],
  grad: ({ b, node, dy, opset }) => {
    const x = node.inputs[0]!;
    // From opset 11 the bounds are optional inputs ('' = absent), before that attributes.
    const bound = (k: number, name: string, none: number): string | undefined => {
      if (opset >= 11) return node.inputs[k] || undefined;
      const v = attrFloat(node, name, none);
      return Number.isFinite(v) && Math.abs(v) < 3.4e38 ? b.floats(v) : undefined;
    };
    const lo = bound(1, 'min', -Infinity);
    const hi = bound(2, 'max', Infinity);
    const masks: string[] = [];
    if (lo) masks.push(b.op('Greater', [x, lo]));
    if (hi) masks.push(b.op('Less', [x, hi]));
    if (masks.length === 0) return [dy];
    const inside = masks.length === 2 ? b.op('And', [masks[0]!, masks[1]!]) : masks[0]!;
    return [b.op('Where', [inside, dy, b.floats(0)])];
  },
};
