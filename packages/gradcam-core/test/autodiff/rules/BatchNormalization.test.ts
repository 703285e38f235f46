import { UnsupportedOpError } from '../../../src/autodiff/rule';
import { attr } from '../../../src/onnx/attributes';
import { floatTensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const C = 3;
const params = (): VjpInput[] => [
  { shape: [C], values: [1.5, -0.7, 0.3] }, // scale
  { shape: [C], values: [0.1, -0.2, 0.4] }, // B
  { shape: [C], values: [0.05, -0.1, 0.2] }, // mean
  { shape: [C], values: [0.5, 2.0, 0.01] }, // var
];

describe('BatchNormalization VJP (inference)', () => {
  test.each([
    ['[N,C]', [2, C], [], 17],
    ['[N,C,L]', [2, C, 5], [], 17],
    ['[N,C,H,W]', [3, C, 4, 4], [], 17],
    ['[N,C,H,W] epsilon 1e-3', [2, C, 4, 4], [attr.float('epsilon', 1e-3)], 17],
    ['[N,C,H,W] training_mode=0 spelled out', [2, C, 4, 4], [attr.int('training_mode', 0)], 17],
    ['[N,C,H,W] opset 13', [2, C, 4, 4], [], 13],
    ['[N,C] opset 13', [2, C], [], 13],
  ])('constant parameters, %s', async (_l, shape, attrs, opset) => {
    const report = await checkVjp({ op: 'BatchNormalization', inputs: [{ shape }, ...params()], attrs, opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([
    ['[N,C,H,W]', [2, C, 4, 4], 17],
    ['[N,C]', [2, C], 13],
  ])('parameters computed in the graph (factor built at run time), %s', async (_l, shape, opset) => {
    const [scale, bias, mean, variance] = params().map((p) => p.values!);
    const report = await checkGraphVjp({
      inputs: { x: shape },
      initializers: [floatTensor('s0', [C], scale!), floatTensor('b', [C], bias!), floatTensor('m', [C], mean!), floatTensor('v0', [C], variance!)],
      nodes: [
        { op: 'Identity', inputs: ['s0'], outputs: ['s'] },
        { op: 'Identity', inputs: ['v0'], outputs: ['v'] },
        { op: 'BatchNormalization', inputs: ['x', 's', 'b', 'm', 'v'], outputs: ['y'], attrs: [attr.float('epsilon', 1e-3)] },
      ],
      outputs: ['y'],
      opset,
    });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('a gradient for scale is refused with UnsupportedOpError', async () => {
    const [, ...rest] = params();
    const inputs: VjpInput[] = [{ shape: [2, C, 4] }, { shape: [C] }, ...rest];
    await expect(checkVjp({ op: 'BatchNormalization', inputs })).rejects.toThrow(UnsupportedOpError);
  });

  test('training_mode=1 (batch statistics) is refused with UnsupportedOpError', async () => {
    const attrs = [attr.int('training_mode', 1)];
    const inputs: VjpInput[] = [{ shape: [2, C, 4] }, ...params()];
    await expect(checkVjp({ op: 'BatchNormalization', inputs, attrs, outputs: 3 })).rejects.toThrow(UnsupportedOpError);
  });

  test('probed at batch 2, run at batch 5: constant parameters', async () => {
    const report = await checkVjp({ op: 'BatchNormalization', inputs: [{ shape: [2, C, 4, 4] }, ...params()], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5: parameters computed in the graph', async () => {
    const [scale, bias, mean, variance] = params().map((p) => p.values!);
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, C, 4, 4] },
        initializers: [floatTensor('s', [C], scale!), floatTensor('b', [C], bias!), floatTensor('m', [C], mean!), floatTensor('v0', [C], variance!)],
        nodes: [
          { op: 'Identity', inputs: ['v0'], outputs: ['v'] },
          { op: 'BatchNormalization', inputs: ['x', 's', 'b', 'm', 'v'], outputs: ['y'] },
        ],
        outputs: ['y'],
      },
      { runBatch: 5 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
