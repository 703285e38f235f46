import type { VjpRule } from '../rule';

// Slices at least this far reach the end of any axis (exporters write INT64_MAX or INT32_MAX).
const TO_END = 2 ** 31 - 1;

/** y = x[starts:ends:steps] on `axes`: dx = dy at the positions sliced out of x, 0 elsewhere. */
export const sliceGrad: VjpRule = {
  opType: 'Slice',
  differentiableInputs: [0],
  grad: ({ b, node, dy, shapeOf, constantOf }) => {
    const x = node.inputs[0]!;
    const xShape = shapeOf(x);
    const rank = xShape.length;
    const input = (k: number): number[] | undefined => (node.inputs[k] ? constantOf(node.inputs[k]) : undefined);
    const [starts, ends] = [input(1), input(2)];
    const axes = node.inputs[3] ? input(3)?.map((a) => (a + rank) % rank) : starts?.map((_, k) => k);
    const steps = node.inputs[4] ? input(4) : starts?.map(() => 1);
    const stepOne = steps?.every((s) => s === 1) ?? false;
    const batchWhole = axes?.every((a, k) => a !== 0 || (starts?.[k] === 0 && (ends?.[k] ?? 0) >= TO_END)) ?? false;
    // Step 1, batch axis untouched: dx = Pad(dy), pads from the static (non-batch) sizes.
    if (starts && ends && axes && stepOne && batchWhole) {
      const pads = Array<number>(2 * rank).fill(0);
      axes.forEach((a, k) => {
        if (a === 0) return;
        const dim = xShape[a]!;
        const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
        const begin = clamp(starts[k]!);
        pads[a] = begin;
        pads[a + rank] = dim - Math.max(clamp(ends[k]!), begin);
      });
      return [b.op('Pad', [dy, b.ints(pads)])];
    }
    // Otherwise (other steps, a batch-axis slice, computed bounds): the same Slice applied to the flat
    // positions of x says where each dy element goes; positions are distinct, so no reduction is needed.
    const flat = b.ints([-1]);
    const positions = b.op('Reshape', [b.op('Range', [b.ints([0], []), b.op('Size', [x]), b.ints([1], [])]), b.shape(x)]);
    const picked = b.op('Slice', [positions, ...node.inputs.slice(1)]);
    const zeros = b.op('Reshape', [b.op('ConstantOfShape', [b.shape(x)]), flat]);
    const scattered = b.op('ScatterElements', [zeros, b.op('Reshape', [picked, flat]), b.op('Reshape', [dy, flat])]);
    return [b.op('Reshape', [scattered, b.shape(x)])];
  },
};
