import { attr, attrInt, attrInts } from '../../onnx/attributes';
import { UnsupportedOpError, type VjpRule } from '../rule';

/** y[o] = max_{window(o)} x: dx[argmax(o)] += dy[o], summed over the windows sharing an argmax. */
export const maxPoolGrad: VjpRule = {
  opType: 'MaxPool',
  differentiableInputs: [0],
  grad: ({ b, node, dy, opset }) => {
    if (attrInt(node, 'storage_order', 0) !== 0) throw new UnsupportedOpError('MaxPool', node.name, 'storage_order = 1 (column-major indices)');
    const x = node.inputs[0]!;
    // A second MaxPool yields the argmax indices, flat over N·C·spatial; dy is scattered there.
    const indices = b.node('MaxPool', [x], node.attributes, 2)[1]!;
    const flat = b.ints([-1]);
    const zeros = b.op('Reshape', [b.op('ConstantOfShape', [b.shape(x)]), flat]);
    const scatter = (idx: string, upd: string, add: boolean): string =>
      b.op('ScatterElements', [zeros, b.op('Reshape', [idx, flat]), b.op('Reshape', [upd, flat])], add ? [attr.string('reduction', 'add')] : []);
    let summed: string;
    if (opset >= 16) summed = scatter(indices, dy, true);
    else {
      // ScatterElements' add reduction needs opset 16. Below it, outputs are taken in phases (every
      // m-th per axis, m·stride ≥ window extent) whose windows are disjoint, so each phase's indices
      // are distinct and scatter without reduction; the phases are then summed.
      const kernel = attrInts(node, 'kernel_shape', []);
      const strides = attrInts(node, 'strides', kernel.map(() => 1));
      const dilations = attrInts(node, 'dilations', kernel.map(() => 1));
      const phases = kernel.map((k, i) => Math.ceil((dilations[i]! * (k - 1) + 1) / strides[i]!));
      let offsets: number[][] = [[]];
      for (const m of phases) offsets = offsets.flatMap((o) => Array.from({ length: m }, (_, r) => [...o, r]));
      const [ends, axes] = [kernel.map(() => Number.MAX_SAFE_INTEGER), kernel.map((_, i) => i + 2)];
      const pick = (v: string, o: number[]): string => b.op('Slice', [v, b.ints(o), b.ints(ends), b.ints(axes), b.ints(phases)]);
      const parts = offsets.length === 1 ? [scatter(indices, dy, false)] : offsets.map((o) => scatter(pick(indices, o), pick(dy, o), false));
      summed = parts.length === 1 ? parts[0]! : b.op('Sum', parts);
    }
    return [b.op('Reshape', [summed, b.shape(x)])];
  },
};
