import * as ort from 'onnxruntime-node';
import { backward } from '../../../src/autodiff/backward';
import { attr } from '../../../src/onnx/attributes';
import { GraphBuilder } from '../../../src/onnx/builder';
import { GraphIndex } from '../../../src/onnx/graph';
import type { OnnxModel } from '../../../src/onnx/ir';
import { encodeModel } from '../../../src/onnx/proto';
import { int64Tensor } from '../../../src/onnx/tensor';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const ints = (v: number[]): VjpInput => ({ shape: [v.length], values: v, dtype: 'int64' });

describe('Pad VJP', () => {
  const cases: Array<[string, number[], number[], number | undefined]> = [
    ['spatial zero padding, asymmetric', [2, 3, 4, 5], [0, 0, 1, 2, 0, 0, 2, 0], undefined],
    ['padding with a non-zero constant value', [2, 3, 4], [0, 1, 0, 0, 2, 3], 0.5],
    ['negative pads crop', [2, 3, 6, 5], [0, 0, -1, 1, 0, 0, -2, -1], undefined],
    ['padding on the batch axis too', [2, 3], [1, 0, 2, 1], undefined],
  ];
  test.each(cases)('%s', async (_label, shape, pads, value) => {
    for (const opset of [13, 17]) {
      const inputs: VjpInput[] = [{ shape }, ints(pads), ...(value === undefined ? [] : [{ shape: [], values: [value] }])];
      const report = await checkVjp({ op: 'Pad', inputs, opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test('axes input (opset 18), negative axis', async () => {
    const inputs: VjpInput[] = [{ shape: [2, 3, 4, 5] }, ints([1, -1, 2, 1]), { shape: [], values: [0] }, ints([1, -1])];
    const report = await checkVjp({ op: 'Pad', inputs, opset: 18 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('compiled at batch 2, run at batch 3', async () => {
    const report = await checkVjp({ op: 'Pad', inputs: [{ shape: [2, 3, 4] }, ints([0, 1, -1, 0, 2, 1])], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each(['reflect', 'edge'])('mode %s is refused by name', async (mode) => {
    const run = checkVjp({ op: 'Pad', inputs: [{ shape: [2, 3, 4] }, ints([0, 0, 1, 0, 0, 1])], attrs: [attr.string('mode', mode)] });
    await expect(run).rejects.toMatchObject({ name: 'UnsupportedOpError', message: expect.stringContaining(`mode '${mode}'`) });
  });

  test('pads computed in the graph (as torch exports F.pad): dx = dy cropped', async () => {
    // x[1,2,3] -> Pad(x, Identity(pads)): the pads are no constant, so the rule negates them in-graph.
    const model: OnnxModel = {
      irVersion: 8,
      opsetImports: [{ domain: '', version: 17 }],
      extra: [],
      graph: {
        name: 'computed_pads',
        nodes: [
          { name: 'id', opType: 'Identity', domain: '', inputs: ['p0'], outputs: ['p'], attributes: [], extra: [] },
          { name: 'pad', opType: 'Pad', domain: '', inputs: ['x', 'p'], outputs: ['y'], attributes: [], extra: [] },
        ],
        initializers: [int64Tensor('p0', [6], [0, 1, -1, 0, 0, 2])],
        inputs: [
          { name: 'x', elemType: 1, shape: [1, 2, 3], extra: [] },
          { name: 'seed', elemType: 1, shape: [1, 3, 4], extra: [] },
        ],
        outputs: [],
        valueInfo: [],
        extra: [],
      },
    };
    const shapes = new Map([['x', [1, 2, 3]], ['p0', [6]], ['p', [6]], ['y', [1, 3, 4]], ['seed', [1, 3, 4]]]);
    const grads = backward(new GraphBuilder(model.graph, 17), new GraphIndex(model.graph), { seeds: new Map([['y', 'seed']]), wrt: ['x'], shapes });
    model.graph.outputs = [{ name: grads.get('x')!, extra: [] }];
    const session = await ort.InferenceSession.create(encodeModel(model));
    const seed = Float32Array.from({ length: 12 }, (_, i) => i + 1); // y[0, c, w], c = 0..2, w = 0..3
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(6), [1, 2, 3]), seed: new ort.Tensor('float32', seed, [1, 3, 4]) });
    await session.release();
    // y[0, c+1, w] = x[0, c, w+1] for w < 2, so dx[0, c, 0] = 0 (cropped) and dx[0, c, w] = seed[0, c+1, w-1].
    expect([...(out[grads.get('x')!]!.data as Float32Array)]).toEqual([0, 5, 6, 0, 9, 10]);
  });
});
