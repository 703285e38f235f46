import { attr } from '../../../src/onnx/attributes';
import { checkVjp } from '../../support/vjp-check';

describe('Transpose VJP', () => {
  test.each([
    ['NCHW -> NHWC', [2, 3, 4, 5], [0, 2, 3, 1]],
    ['NHWC -> NCHW', [2, 4, 5, 3], [0, 3, 1, 2]],
    ['non-involutive 3-cycle with the batch axis moved', [2, 3, 4], [2, 0, 1]],
    ['swap of the last two axes', [3, 2, 4, 5], [0, 1, 3, 2]],
    ['default perm (reversed axes)', [2, 3, 4], undefined],
  ])('%s', async (_label, shape, perm) => {
    const report = await checkVjp({ op: 'Transpose', inputs: [{ shape }], attrs: perm ? [attr.ints('perm', perm)] : [] });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('compiled at batch 2, run at batch 3', async () => {
    const report = await checkVjp({ op: 'Transpose', inputs: [{ shape: [2, 3, 4, 5] }], attrs: [attr.ints('perm', [0, 2, 3, 1])], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
