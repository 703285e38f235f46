import { attrFloat, attrInt } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/** Inference form, y = (x − mean) / √(var + ε) · scale + B per channel (axis 1): dx = dy · scale / √(var + ε). */
export const batchNormalizationGrad: VjpRule = {
  opType: 'BatchNormalization',
  differentiableInputs: 'all',
  grad: ({ b, node, dy, needs, shapeOf, constantOf }) => {
    if (needs.slice(1).some((n) => n)) {
      throw new UnsupportedOpError('BatchNormalization', node.name, 'gradient with respect to scale, B, mean or var (only x is supported)');
    }
    if (attrInt(node, 'training_mode', 0) !== 0) {
      throw new UnsupportedOpError('BatchNormalization', node.name, 'training_mode=1 (batch statistics); export the model in eval mode');
    }
    const [x, scale, v] = [node.inputs[0]!, node.inputs[1]!, node.inputs[4]!];
    const eps = attrFloat(node, 'epsilon', 1e-5);
    const xShape = shapeOf(x);
    const channels = xShape[1]!;
    // [C, 1, ..., 1]: broadcasts along axis 1 of x, whatever its rank.
    const dims = [channels, ...Array<number>(Math.max(0, xShape.length - 2)).fill(1)];
    const [s, va] = [constantOf(scale), constantOf(v)];
    let factor: string;
    if (s && va) {
      // Constant parameters (the usual case): fold the per-channel factor at compile time.
      factor = b.floats(s.map((sc, c) => sc / Math.sqrt(va[c]! + eps)), dims);
    } else {
      const perChannel = b.op('Div', [scale, b.op('Sqrt', [b.op('Add', [v, b.floats(eps)])])]);
      factor = b.op('Reshape', [perChannel, b.ints(dims)]);
    }
    return [b.op('Mul', [dy, factor])];
  },
};
