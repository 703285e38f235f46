import { attr, attrFloat, attrInt, attrInts, attrString } from '../../onnx/attributes';
import type { GraphBuilder } from '../../onnx/builder';
import { resizeMatrix } from '../resize-matrix';
import { UnsupportedOpError, type VjpRule } from '../rule';

/** g contracted with R [out, in] along `axis` (out -> in), by one MatMul, transposing only if `axis` is not among the last two. */
function contract(b: GraphBuilder, g: string, r: Float32Array, [outSize, inSize]: number[], axis: number, rank: number): string {
  if (axis === rank - 2) {
    const rt = new Float32Array(r.length);
    for (let o = 0; o < outSize!; o++) for (let i = 0; i < inSize!; i++) rt[i * outSize! + o] = r[o * inSize! + i]!;
    return b.op('MatMul', [b.weights(rt, [inSize!, outSize!]), g]);
  }
  const matrix = b.weights(r, [outSize!, inSize!]);
  if (axis === rank - 1) return b.op('MatMul', [g, matrix]);
  const perm = [...Array.from({ length: rank }, (_, k) => k).filter((k) => k !== axis), axis];
  const inverse = perm.map((_, k) => perm.indexOf(k));
  const moved = b.op('MatMul', [b.op('Transpose', [g], [attr.ints('perm', perm)]), matrix]);
  return b.op('Transpose', [moved], [attr.ints('perm', inverse)]);
}

/**
 * Resize (opset 11+: X, roi, scales, sizes) is linear in X and separable per axis: y = (⊗ R_a)·x, so
 * dx = dy contracted with each resized axis's R_a [out, in] (built at compile time from the static
 * sizes, with onnxruntime's index arithmetic). Axes of scale 1 (batch, channels) are the identity in
 * every mode and get no matrix, so the batch stays dynamic.
 */
export const resizeGrad: VjpRule = {
  opType: 'Resize',
  differentiableInputs: [0],
  grad: ({ b, node, dy, opset, shapeOf, constantOf }) => {
    const fail = (detail: string): never => {
      throw new UnsupportedOpError('Resize', node.name, detail);
    };
    if (opset < 11) fail(`opset ${opset} (Resize-10 rounds nearest differently; only opset 11 and later is supported)`);
    const [xShape, yShape] = [shapeOf(node.inputs[0]!), shapeOf(node.outputs[0]!)];
    const rank = xShape.length;
    const coordinateMode = attrString(node, 'coordinate_transformation_mode', 'half_pixel');
    if (coordinateMode === 'tf_crop_and_resize') fail('coordinate_transformation_mode tf_crop_and_resize');
    if (attrInt(node, 'antialias', 0) !== 0) fail('antialias = 1 (the filter widens when downsampling)');
    const axes = attrInts(node, 'axes', Array.from({ length: rank }, (_, k) => k)).map((a) => (a + rank) % rank);
    const scalesInput = node.inputs[2] || undefined;
    const given = scalesInput ? constantOf(scalesInput) : undefined;
    // Given sizes, scales are empty or absent; computed scales cannot be read at compile time.
    if (scalesInput && !given && !node.inputs[3]) fail(`scales '${scalesInput}' are computed in the graph, not a constant`);
    const scales = given && given.length > 0 ? given : undefined;
    if (!scales && attrString(node, 'keep_aspect_ratio_policy', 'stretch') !== 'stretch') fail('keep_aspect_ratio_policy other than stretch');
    let g = dy;
    axes.forEach((a, k) => {
      // With sizes, onnxruntime's scale is out/in in float32.
      const scale = scales ? scales[k]! : Math.fround(yShape[a]! / xShape[a]!);
      if (scale === 1 && yShape[a] === xShape[a]) return;
      if (a === 0) fail(`the batch axis is resized ([${xShape}] -> [${yShape}])`);
      const [inSize, outSize] = [xShape[a]!, yShape[a]!];
      const r = resizeMatrix({
        mode: attrString(node, 'mode', 'nearest'),
        coordinateMode,
        nearestMode: attrString(node, 'nearest_mode', 'round_prefer_floor'),
        cubicA: attrFloat(node, 'cubic_coeff_a', -0.75),
        excludeOutside: attrInt(node, 'exclude_outside', 0) === 1,
        scale,
        inSize,
        outSize,
      });
      g = contract(b, g, r, [outSize, inSize], a, rank);
    });
    return [g];
  },
};
