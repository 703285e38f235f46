import { attr } from '../../../src/onnx/attributes';
import { int64Tensor } from '../../../src/onnx/tensor';
import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp, type VjpInput } from '../../support/vjp-check';

const ints = (values: number[], shape: number[] = [values.length]): VjpInput => ({ shape, values, dtype: 'int64' });

describe('GatherElements VJP', () => {
  // opset 13: the OneHot form; 16 and later: ScatterElements with reduction 'add'.
  test.each([13, 16, 17])('axis 1 with repeated and negative indices, opset %d', async (opset) => {
    const idx = ints([0, 2, 2, -1, 1, 0, 0, 0, 2, 1, -3, 1], [2, 2, 3]);
    const report = await checkVjp({ op: 'GatherElements', inputs: [{ shape: [2, 3, 3] }, idx], attrs: [attr.int('axis', 1)], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([13, 17])('last axis, probed at batch 2, run at batch 4 (indices broadcast per row), opset %d', async (opset) => {
    // Gathered indices must match the batch at run time: take them from a constant [1, 3] expanded.
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 4] },
        initializers: [int64Tensor('row', [1, 3], [3, 0, 3]), int64Tensor('zero', [1], [0]), int64Tensor('one', [1], [1]), int64Tensor('three', [1], [3])],
        nodes: [
          { op: 'Shape', inputs: ['x'], outputs: ['xs'] },
          { op: 'Slice', inputs: ['xs', 'zero', 'one'], outputs: ['n'] },
          { op: 'Concat', inputs: ['n', 'three'], outputs: ['ishape'], attrs: [attr.int('axis', 0)] },
          { op: 'Expand', inputs: ['row', 'ishape'], outputs: ['idx'] },
          { op: 'GatherElements', inputs: ['x', 'idx'], outputs: ['y'], attrs: [attr.int('axis', 1)] },
        ],
        outputs: ['y'],
        opset,
      },
      { runBatch: 4 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('GatherND VJP', () => {
  test.each([13, 16])('index tuples of depth 2 (distinct), opset %d', async (opset) => {
    const report = await checkVjp({ op: 'GatherND', inputs: [{ shape: [2, 3, 4] }, ints([1, 2, 0, 0, 1, 0], [3, 2])], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('repeated tuples sum (opset 16, ScatterND add)', async () => {
    const report = await checkVjp({ op: 'GatherND', inputs: [{ shape: [3, 4] }, ints([2, 0, 2], [3, 1])], opset: 16 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('repeated tuples below opset 16 are refused', async () => {
    await expect(checkVjp({ op: 'GatherND', inputs: [{ shape: [3, 4] }, ints([2, 0, 2], [3, 1])], opset: 13 })).rejects.toThrow(/GatherND.*cannot sum repeated/);
  });

  test('on the leading axis of a [3, N, 4] tensor (batch on axis 1), probed at 2, run at 5', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4] },
        initializers: [int64Tensor('idx', [2, 1], [2, 0])],
        nodes: [
          { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: [attr.ints('perm', [1, 0, 2])] },
          { op: 'GatherND', inputs: ['t', 'idx'], outputs: ['y'] },
        ],
        outputs: ['y'],
        opset: 16,
      },
      { runBatch: 5 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('ScatterND VJP', () => {
  test.each([13, 17])('data and updates both differentiated, opset %d', async (opset) => {
    const report = await checkVjp({ op: 'ScatterND', inputs: [{ shape: [2, 3, 4] }, ints([1, 2, 0, 0], [2, 2]), { shape: [2, 4], unbatched: true }], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('reduction add (opset 16), repeated index', async () => {
    const report = await checkVjp({
      op: 'ScatterND',
      inputs: [{ shape: [3, 4] }, ints([1, 1], [2, 1]), { shape: [2, 4] }],
      attrs: [attr.string('reduction', 'add')],
      opset: 16,
    });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 3: scatter into the channel axis of every sample (indices over a [C, N, L] view)', async () => {
    const report = await checkGraphVjp(
      {
        inputs: { x: [2, 3, 4] },
        initializers: [int64Tensor('idx', [1, 1], [1]), int64Tensor('zero', [], [0]), int64Tensor('zero1', [1], [0])],
        nodes: [
          { op: 'Transpose', inputs: ['x'], outputs: ['t'], attrs: [attr.ints('perm', [1, 0, 2])] },
          { op: 'Gather', inputs: ['t', 'zero'], outputs: ['u0'], attrs: [attr.int('axis', 0)] },
          { op: 'Unsqueeze', inputs: ['u0', 'zero1'], outputs: ['u'] },
          { op: 'ScatterND', inputs: ['t', 'idx', 'u'], outputs: ['s'] },
          { op: 'Transpose', inputs: ['s'], outputs: ['y'], attrs: [attr.ints('perm', [1, 0, 2])] },
        ],
        outputs: ['y'],
      },
      { runBatch: 3 },
    );
    expect(report.maxError).toBeLessThan(1e-3);
  });
});

describe('Tile VJP', () => {
  test.each([
    ['2-D [2,3] x [2,3]', [2, 3], [2, 3]],
    ['3-D, one axis tiled', [2, 3, 4], [1, 2, 1]],
    ['batch axis tiled', [2, 3], [3, 1]],
  ])('%s', async (_label, shape, repeats) => {
    for (const opset of [13, 17]) {
      const report = await checkVjp({ op: 'Tile', inputs: [{ shape }, ints(repeats)], opset });
      expect(report.maxError).toBeLessThan(1e-3);
    }
  });

  test.each([
    ['spatial repeats', [2, 3, 4], [1, 2, 3]],
    ['batch axis tiled', [2, 3], [2, 2]],
  ])('probed at batch 2, run at batch 3: %s', async (_label, shape, repeats) => {
    const report = await checkVjp({ op: 'Tile', inputs: [{ shape }, ints(repeats)], runBatch: 3 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
