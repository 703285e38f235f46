import { int64Tensor } from '../../../src/onnx/tensor';
import { NoGradientPathError } from '../../../src/autodiff/backward';
import { attr } from '../../../src/onnx/attributes';
import { DataType } from '../../../src/onnx/ir';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp } from '../../support/vjp-check';

const cast = (to: DataType) => attr.int('to', to);

describe('Cast VJP', () => {
  test.each([17, 13])('float to float passes the gradient (opset %d)', async (opset) => {
    const report = await checkVjp({ op: 'Cast', inputs: [{ shape: [2, 3, 4] }], attrs: [cast(DataType.FLOAT)], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('float to double and back', async () => {
    const report = await checkGraphVjp({
      inputs: { x: [2, 3, 4] },
      nodes: [
        { op: 'Cast', inputs: ['x'], outputs: ['d'], attrs: [cast(DataType.DOUBLE)] },
        { op: 'Cast', inputs: ['d'], outputs: ['y'], attrs: [cast(DataType.FLOAT)] },
      ],
      outputs: ['y'],
    });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('a cast to int64 passes no gradient: y = x + float(int(x)) has dy/dx = 1', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4] },
        nodes: [
          { op: 'Cast', inputs: ['x'], outputs: ['i'], attrs: [cast(DataType.INT64)] },
          { op: 'Cast', inputs: ['i'], outputs: ['f'], attrs: [cast(DataType.FLOAT)] },
          { op: 'Add', inputs: ['x', 'f'], outputs: ['y'] },
        ],
        outputs: ['y'],
      },
      { scale: 3, kinks: [-2, -1, 0, 1, 2], gap: 0.05 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('integer arithmetic between two casts carries no gradient: y = x + float(2·int(x))', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4] },
        initializers: [int64Tensor('two', [], [2])],
        nodes: [
          { op: 'Cast', inputs: ['x'], outputs: ['i'], attrs: [cast(DataType.INT64)] },
          { op: 'Mul', inputs: ['i', 'two'], outputs: ['m'] },
          { op: 'Cast', inputs: ['m'], outputs: ['f'], attrs: [cast(DataType.FLOAT)] },
          { op: 'Add', inputs: ['x', 'f'], outputs: ['y'] },
        ],
        outputs: ['y'],
      },
      { scale: 3, kinks: [-2, -1, 0, 1, 2], gap: 0.05 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('only a path through a cast to bool: no gradient reaches x', async () => {
    const graph = {
      inputs: { x: [2, 3] },
      nodes: [
        { op: 'Cast', inputs: ['x'], outputs: ['b'], attrs: [cast(DataType.BOOL)] },
        { op: 'Cast', inputs: ['b'], outputs: ['y'], attrs: [cast(DataType.FLOAT)] },
      ],
      outputs: ['y'],
    };
    await expect(checkGraphVjp(graph)).rejects.toThrow(NoGradientPathError);
  });

  test('probed at batch 2, run at batch 5', async () => {
    const report = await checkVjp({ op: 'Cast', inputs: [{ shape: [2, 3, 4] }], attrs: [cast(DataType.FLOAT)], runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
