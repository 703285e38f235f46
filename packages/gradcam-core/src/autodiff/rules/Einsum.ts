import { attr, attrString } from '../../onnx/attributes';
import { ELLIPSIS, expandTerm, formatTerm, parseEquation, type Term } from '../einsum-equation';
import { type GradContext, UnsupportedOpError, type VjpRule } from '../rule';

/**
 * dx_i for y = einsum(x_1..x_n): an Einsum of dy with the other operands, written to x_i's
 * subscripts. Letters summed out of x_i alone (in neither the output nor another operand) cannot
 * be produced by it, since dx_i is constant along them: they are left out, then restored by
 * Unsqueeze + Expand. x_i's '...' axes that were broadcast are summed, as the walker does for Add.
 */
function operandGrad(ctx: GradContext, inputs: Term[], output: Term, i: number): string {
  const { b, node, dy, shapeOf } = ctx;
  const x = node.inputs[i]!;
  const term = inputs[i]!;
  const others = inputs.filter((_, j) => j !== i);
  const reachable = new Set([...output, ...others.flat()]);
  const hasEllipsis = output.includes(ELLIPSIS);
  let target = term.filter((l) => reachable.has(l));
  if (hasEllipsis && !target.includes(ELLIPSIS)) target = [ELLIPSIS, ...target];
  const operands = [dy, ...node.inputs.filter((_, j) => j !== i)];
  const terms = [output, ...others];
  let g = operands.length === 1 && formatTerm(output) === formatTerm(target)
    ? dy
    : b.op('Einsum', operands, [attr.string('equation', `${terms.map(formatTerm).join(',')}->${formatTerm(target)}`)]);
  if (hasEllipsis) {
    // g's '...' axes have the broadcast sizes of y's; x_i's own may be fewer, or 1 where y's are not.
    const yShape = shapeOf(node.outputs[0]!);
    const full = yShape.length - (output.length - 1);
    const yStart = output.indexOf(ELLIPSIS);
    const xShape = shapeOf(x);
    const own = term.includes(ELLIPSIS) ? xShape.length - (term.length - 1) : 0;
    const [start, xStart] = [target.indexOf(ELLIPSIS), term.indexOf(ELLIPSIS)];
    const leading = Array.from({ length: full - own }, (_, k) => start + k);
    const ones = Array.from({ length: own }, (_, k) => k).filter((k) => xShape[xStart + k] === 1 && yShape[yStart + full - own + k] !== 1);
    g = b.reduceSum(g, [...leading, ...ones.map((k) => start + full - own + k)], true);
    if (leading.length > 0) g = b.squeeze(g, leading);
  }
  const labels = expandTerm(term, shapeOf(x).length);
  const missing = labels.flatMap((l, axis) => (l.startsWith(ELLIPSIS) || reachable.has(l) ? [] : [axis]));
  return missing.length === 0 ? g : b.op('Expand', [b.unsqueeze(g, missing), b.shape(x)]);
}

/** y = einsum(equation, x_1..x_n), explicit ('ij,jk->ik') or implicit ('ij,jk') output, with '...' broadcasting. */
export const einsumGrad: VjpRule = {
  opType: 'Einsum',
  differentiableInputs: 'all',
  grad: (ctx) => {
    const { node, needs } = ctx;
    const equation = attrString(node, 'equation', '');
    const { inputs, output } = parseEquation(equation);
    for (const term of [...inputs, output]) {
      const letters = term.filter((l) => l !== ELLIPSIS);
      if (new Set(letters).size !== letters.length)
        throw new UnsupportedOpError('Einsum', node.name, `equation '${equation}' repeats an index within one operand (diagonal or trace)`);
    }
    if (inputs.some((t) => t.includes(ELLIPSIS)) && !output.includes(ELLIPSIS))
      throw new UnsupportedOpError('Einsum', node.name, `equation '${equation}' sums over the '...' axes`);
    return inputs.map((_, i) => (needs[i] ? operandGrad(ctx, inputs, output, i) : undefined));
  },
};
