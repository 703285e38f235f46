import { attr } from '../../../src/onnx/attributes';
import { checkVjp, type VjpInput } from '../../support/vjp-check';
import { randomValues, rng } from '../../support/random';

const constant = (shape: number[], seed: number): VjpInput => ({ shape, values: Array.from(randomValues(shape.reduce((p, d) => p * d, 1), rng(seed))) });

describe('InstanceNormalization VJP', () => {
  test.each([13, 17])('x, scale and B all differentiated, [N,C,H,W], opset %d', async (opset) => {
    const inputs = [{ shape: [2, 3, 4, 5] }, { shape: [3], unbatched: true }, { shape: [3], unbatched: true }];
    const report = await checkVjp({ op: 'InstanceNormalization', inputs, attrs: [attr.float('epsilon', 1e-3)], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('torch GroupNorm export (scale 1, B 0 on [N, G, C/G·H·W]), probed at batch 2, run at batch 3', async () => {
    const inputs = [{ shape: [2, 2, 12] }, { shape: [2], values: [1, 1] }, { shape: [2], values: [0, 0] }];
    const report = await checkVjp({ op: 'InstanceNormalization', inputs, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('GroupNormalization VJP', () => {
  // Opset 18: scale and bias per group; opset 21: per channel.
  test.each([
    [18, [2]],
    [21, [4]],
  ])('opset %d, 4 channels in 2 groups, constant scale and bias, run at another batch', async (opset, affine) => {
    const inputs = [{ shape: [2, 4, 3, 3] }, constant(affine, 3), constant(affine, 4)];
    const report = await checkVjp({ op: 'GroupNormalization', inputs, attrs: [attr.int('num_groups', 2), attr.float('epsilon', 1e-3)], opset, runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('one group (MobileViTv2 / PoolFormer GroupNorm1 "LayerNorm2d"), opset 21', async () => {
    const inputs = [{ shape: [2, 3, 4, 4] }, constant([3], 5), constant([3], 6)];
    const report = await checkVjp({ op: 'GroupNormalization', inputs, attrs: [attr.int('num_groups', 1)], opset: 21 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
