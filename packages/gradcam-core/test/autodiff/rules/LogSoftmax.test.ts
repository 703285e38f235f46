import { attr } from '../../../src/onnx/attributes';
import { checkVjp } from '../../support/vjp-check';

describe('LogSoftmax VJP', () => {
  test.each([
    ['[N,K] logits, default axis', [3, 10], [], 17],
    ['[N,C,L] axis 1', [2, 4, 5], [attr.int('axis', 1)], 17],
    ['[N,C,H,W] axis -2', [2, 3, 4, 5], [attr.int('axis', -2)], 17],
    ['[N,C,L] default axis (-1), opset 13', [2, 4, 5], [], 13],
    ['[N,C,L] axis 1, opset 13', [2, 4, 5], [attr.int('axis', 1)], 13],
    ['opset 12: default axis 1 flattens [C,L]', [2, 4, 5], [], 12],
    ['opset 11: axis 2 flattens [H,W]', [2, 3, 4, 5], [attr.int('axis', 2)], 11],
    ['opset 11: axis -1', [2, 3, 4], [attr.int('axis', -1)], 11],
  ])('%s', async (_l, shape, attrs, opset) => {
    const report = await checkVjp({ op: 'LogSoftmax', inputs: [{ shape }], attrs, opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['axis 1', 17],
    ['opset 11 flattening at axis 1', 11],
  ])('probed at batch 2, run at batch 5: %s', async (_l, opset) => {
    const report = await checkVjp({ op: 'LogSoftmax', inputs: [{ shape: [2, 3, 4] }], attrs: [attr.int('axis', 1)], opset, runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
