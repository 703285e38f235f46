import { attr } from '../../../src/onnx/attributes';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const sizes = (s: number[]): VjpInput => ({ shape: [s.length], values: s, dtype: 'int64' });

describe('Split VJP', () => {
  test.each([
    ['every output seeded', [0, 1, 2]],
    ['middle output unused (zeros)', [0, 2]],
    ['only the last output used', [2]],
  ])('sizes as an input (opset 13, 17), axis 1: %s', async (_label, seeded) => {
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'Split', inputs: [{ shape: [2, 6, 3] }, sizes([2, 3, 1])], attrs: [attr.int('axis', 1)], outputs: 3, seeded, opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('sizes as an attribute (opset 12), negative axis', async () => {
    const attrs = [attr.int('axis', -1), attr.ints('split', [1, 4])];
    const report = await checkVjp({ op: 'Split', inputs: [{ shape: [2, 3, 5] }], attrs, outputs: 2, seeded: [1], opset: 12 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('no sizes: equal parts, along the batch axis', async () => {
    const report = await checkVjp({ op: 'Split', inputs: [{ shape: [4, 3] }], attrs: [attr.int('axis', 0)], outputs: 2, seeded: [0] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('num_outputs (opset 18), uneven last part', async () => {
    const attrs = [attr.int('axis', 2), attr.int('num_outputs', 3)];
    const report = await checkVjp({ op: 'Split', inputs: [{ shape: [2, 3, 7] }], attrs, outputs: 3, seeded: [0, 2], opset: 18 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('compiled at batch 2, run at batch 3 (zeros for the unused output from its run-time shape)', async () => {
    const report = await checkVjp({ op: 'Split', inputs: [{ shape: [2, 6, 3] }, sizes([2, 4])], attrs: [attr.int('axis', 1)], outputs: 2, seeded: [1], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
