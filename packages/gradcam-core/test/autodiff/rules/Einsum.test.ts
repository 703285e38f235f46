import { attr } from '../../../src/onnx/attributes';
import { checkVjp } from '../../support/vjp-check';

const einsum = (equation: string, shapes: number[][], runBatch?: number, unbatched: number[] = []) =>
  checkVjp({ op: 'Einsum', inputs: shapes.map((shape, k) => ({ shape, unbatched: unbatched.includes(k) })), attrs: [attr.string('equation', equation)], runBatch });

describe('Einsum VJP', () => {
  test.each([
    ['matrix product', 'ij,jk->ik', [[2, 3], [3, 4]]],
    ['attention scores (batched, heads)', 'bhqd,bhkd->bhqk', [[2, 2, 3, 4], [2, 2, 5, 4]]],
    ['transpose, one operand', 'ijk->kij', [[2, 3, 4]]],
    ['sum out an axis only the operand has (Expand back)', 'ij->i', [[2, 3]]],
    ['letter summed from one operand of two (k only in b)', 'ij,jk->i', [[2, 3], [3, 4]]],
    ['full contraction to a scalar', 'ij,ij->', [[2, 3], [2, 3]]],
    ['three operands', 'ij,jk,kl->il', [[2, 3], [3, 4], [4, 2]]],
    ['outer product', 'i,j->ij', [[2], [3]]],
    ['implicit output (ij,jk = ik)', 'ij,jk', [[2, 3], [3, 4]]],
    ['implicit output, sorted letters (ba,ac = bc)', 'ba,ac', [[3, 2], [2, 4]]],
    ['implicit, an uppercase letter contracted (onnxruntime 1.29 fails on uppercase implicit outputs)', 'aB,Bc', [[2, 3], [3, 4]]],
    ['ellipsis batch', '...ij,...jk->...ik', [[2, 3, 4], [2, 4, 5]]],
    ['ellipsis broadcast: size-1 axes on both sides ([2,1] against [1,3])', '...ij,...jk->...ik', [[2, 1, 3, 4], [1, 3, 4, 5]]],
    ['implicit with ellipsis', '...ij,...jk', [[2, 3, 4], [2, 4, 5]]],
    ['relative position: bhwc,hkc->bhwk (CoAtNet / MViT style)', 'bhwc,hkc->bhwk', [[2, 3, 4, 5], [3, 6, 5]]],
  ])('%s: %s', async (_label, equation, shapes) => {
    const report = await einsum(equation, shapes);
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['bhqd,bhkd->bhqk', [[2, 2, 3, 4], [2, 2, 5, 4]], []],
    ['bij,jk->bik (weight unbatched)', [[2, 3, 4], [4, 5]], [1]],
    ['...ij,jk->...ik (ellipsis batch)', [[2, 3, 4], [4, 5]], [1]],
  ])('probed at batch 2, run at batch 3: %s', async (equation, shapes, unbatched) => {
    const report = await einsum(equation.split(' ')[0]!, shapes, 3, unbatched);
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('a repeated index within one operand (trace) is refused, naming the equation', async () => {
    await expect(einsum('ii->i', [[3, 3]])).rejects.toThrow(/Einsum.*'ii->i' repeats an index/);
  });
});
