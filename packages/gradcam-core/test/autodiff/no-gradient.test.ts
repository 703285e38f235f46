import { isDifferentiableInput, type VjpRule } from '../../src/autodiff/rule';
import { buildRuleTable, RULES } from '../../src/autodiff/registry';
import { noGradient, noGradientRules } from '../../src/autodiff/rules/no-gradient';
import { attr } from '../../src/onnx/attributes';
import { GraphIndex } from '../../src/onnx/graph';
import { DataType } from '../../src/onnx/ir';
import { int64Tensor } from '../../src/onnx/tensor';
import { checkGraphVjp, graphModel, type GraphSpec } from '../support/graph-vjp-check';

/** A rule that fails the test if the walker ever calls it. */
const tripwire = (opType: string): VjpRule => ({
  opType,
  differentiableInputs: 'all',
  grad: () => {
    throw new Error(`the walker differentiated ${opType}, part of the shape chain`);
  },
});

/** Values computed from Shape(x): no gradient node may read them. */
const SHAPE_CHAIN = ['shape', 'batch', 'target', 'width', 'widthF'];

/** y = Reshape(x, Concat(Gather(Shape(x), [0]), [-1])): x [N,C,H,W] -> [N, C·H·W]. */
const flattenByShape = (): GraphSpec => ({
  inputs: { x: [2, 3, 4, 4] },
  initializers: [int64Tensor('first', [1], [0]), int64Tensor('rest', [1], [-1])],
  nodes: [
    { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
    { op: 'Gather', inputs: ['shape', 'first'], outputs: ['batch'], attrs: [attr.int('axis', 0)] },
    { op: 'Concat', inputs: ['batch', 'rest'], outputs: ['target'], attrs: [attr.int('axis', 0)] },
    { op: 'Reshape', inputs: ['x', 'target'], outputs: ['y'] },
  ],
  outputs: ['y'],
});

/** As above, then scaled by float(W): the shape chain also feeds a differentiable Mul input. */
const scaledByWidth = (): GraphSpec => {
  const g = flattenByShape();
  g.initializers!.push(int64Tensor('last', [1], [3]));
  g.nodes[3]!.outputs = ['flat'];
  g.nodes.push(
    { op: 'Gather', inputs: ['shape', 'last'], outputs: ['width'], attrs: [attr.int('axis', 0)] },
    { op: 'Cast', inputs: ['width'], outputs: ['widthF'], attrs: [attr.int('to', DataType.FLOAT)] },
    { op: 'Mul', inputs: ['flat', 'widthF'], outputs: ['y'] },
  );
  return g;
};

const guarded = (): Map<string, VjpRule> => {
  const rules = new Map(RULES);
  for (const op of ['Gather', 'Concat', 'Cast']) rules.set(op, tripwire(op));
  return rules;
};

describe('no-gradient ops', () => {
  test('registry: every listed op has exactly one rule, and it passes no gradient', () => {
    for (const rule of noGradientRules) {
      expect(RULES.get(rule.opType)).toBe(rule);
      expect(rule.differentiableInputs).toEqual([]);
    }
    expect(noGradientRules.map((r) => r.opType)).toEqual(expect.arrayContaining(['Shape', 'Size', 'ConstantOfShape', 'Sign', 'NonZero']));
    expect(() => buildRuleTable([...noGradientRules, noGradient('Shape')])).toThrow(/two VJP rules registered for Shape/);
  });

  test('x feeds Reshape data and, through Shape -> Gather -> Concat, its shape: only the data path is differentiated', async () => {
    const report = await checkGraphVjp(flattenByShape(), { rules: guarded() });
    expect(report.maxError).toBeLessThan(1e-3);
    const touched = report.emitted.filter((n) => n.inputs.some((i) => SHAPE_CHAIN.includes(i)));
    expect(touched).toEqual([]);
    expect(report.emitted.map((n) => n.opType)).not.toContain('ConstantOfShape');
    // The walker's own reachability test: along differentiable edges, x reaches y but not the chain.
    const follows = (n: { opType: string }, k: number): boolean => {
      const rule = RULES.get(n.opType);
      return rule ? isDifferentiableInput(rule, k) : true;
    };
    const reached = new GraphIndex(graphModel(flattenByShape()).graph).downstreamOf(['x'], follows);
    expect([...reached].sort()).toEqual(['x', 'y']);
  });

  test('the shape chain also feeding a Mul: the Mul sees a constant, nothing flows into the chain', async () => {
    const report = await checkGraphVjp(scaledByWidth(), { rules: guarded() });
    expect(report.maxError).toBeLessThan(1e-3);
    // d flat = dy · widthF reads the chain's value, as Mul's rule must; nothing else may.
    const touched = report.emitted.filter((n) => n.inputs.some((i) => SHAPE_CHAIN.includes(i)) && n.opType !== 'Mul');
    expect(report.emitted.filter((n) => n.opType === 'Mul')).toHaveLength(1);
    expect(touched).toEqual([]);
  });

  test('element types alone also keep the walker off the shape chain (its values are int64)', async () => {
    const rules = new Map(RULES);
    for (const r of noGradientRules) rules.delete(r.opType);
    rules.delete('Gather');
    const report = await checkGraphVjp(scaledByWidth(), { rules });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
