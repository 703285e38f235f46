/**
 * Static shape inference against onnxruntime: on the fixture models (against the probe run the
 * compiler used to do), on a torch-style shape computation, and op by op on the tricky rules.
 */
import { join } from 'node:path';
import { probeFeeds, probeModel } from '../../src/compile/compiler';
import { PROBE_BATCH, probeShapes } from '../../src/compile/probe';
import { inferShapes } from '../../src/compile/shape-inference';
import { loadModel } from '../../src/model/load';
import { attr } from '../../src/onnx/attributes';
import { GraphBuilder } from '../../src/onnx/builder';
import { DataType } from '../../src/onnx/ir';
import { FIXTURE_MODELS, FIXTURES } from '../support/fixtures';
import { emptyModel, expectInferenceMatchesOrt, expectSameFacts, oneNodeModel, type ConstInput, type NodeCase } from '../support/shape-check';

const ints = (values: (number | bigint)[], shape: number[] = [values.length]): ConstInput => ({ shape, values, dtype: 'int64' });
const floats = (values: number[], shape: number[] = [values.length]): ConstInput => ({ shape, values, dtype: 'float32' });
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

describe.each(FIXTURE_MODELS)('%s: static shapes equal the probe run', (name) => {
  test('every value, shapes and types', async () => {
    const model = loadModel(join(FIXTURES, name));
    const inputShapes = Object.fromEntries(model.config.inputs.map((s) => [s.name, [PROBE_BATCH, s.channels, s.height, s.width]]));
    expectSameFacts(inferShapes(model.onnx, inputShapes), await probeShapes(model.onnx, probeFeeds(model)));
    const probed = await probeModel(model);
    expect(probed.source).toBe('static');
    expect(probed.unsupported).toBeUndefined();
  });
});

describe('fallback to the probe run', () => {
  test('an op without a shape rule: probeModel measures, and says which node stopped inference', async () => {
    const model = loadModel(join(FIXTURES, 'resnet_mlp'));
    const g = model.onnx.graph;
    // NonZero's output size depends on the data: no static rule can know it.
    g.nodes = [...g.nodes, { name: 'data_dependent', opType: 'NonZero', domain: '', inputs: [model.config.output], outputs: ['nz'], attributes: [], extra: [] }];
    const probed = await probeModel(model);
    expect(probed.source).toBe('probe');
    expect(probed.unsupported).toMatch(/NonZero node 'data_dependent'/);
    expect(probed.shapes.get('nz')?.[0]).toBe(2);
  });

  test('a shape computed from data values is reported, not guessed', () => {
    const { model, inputShapes } = oneNodeModel({ op: 'Reshape', inputs: [[2, 6], [2]] });
    const result = inferShapes(model, inputShapes);
    expect(result).toEqual({ unsupported: expect.stringMatching(/Reshape node 'node': shape .* not known before running/) });
  });
});

describe('constant propagation through torch-style shape computations', () => {
  test('Shape -> Gather/Slice -> Unsqueeze -> Concat -> Reshape, with int64 arithmetic, Cast, Equal, Where', async () => {
    const model = emptyModel(13);
    model.graph.inputs.push({ name: 'x', elemType: DataType.FLOAT, shape: ['batch', 6, 4, 5], extra: [] });
    const b = new GraphBuilder(model.graph, 13, '');
    const shape = b.op('Shape', ['x']);
    const n = b.op('Gather', [shape, b.ints([0], [])], [attr.int('axis', 0)]);
    const c = b.op('Gather', [shape, b.ints([1], [])], [attr.int('axis', 0)]);
    const hw = b.op('Slice', [shape, b.ints([-2]), b.ints([Number.MAX_SAFE_INTEGER])]);
    const pixels = b.op('ReduceProd', [hw], [attr.int('keepdims', 1)]);
    const halfC = b.op('Div', [c, b.ints([4], [])]); // int64 division truncates: 6 / 4 = 1
    const rest = b.op('Mul', [b.op('Unsqueeze', [b.op('Sub', [c, halfC]), b.ints([0])]), pixels]);
    const target = b.op('Concat', [b.op('Unsqueeze', [n, b.ints([0])]), b.op('Unsqueeze', [halfC, b.ints([0])]), rest], [attr.int('axis', 0)]);
    const split = b.op('Reshape', [b.op('Slice', ['x', b.ints([0]), b.ints([5]), b.ints([1])]), target]);
    // Where(Equal(shape, 4), -1, shape) -> [n, 6, -1, 5]; a float detour through Cast/Floor.
    const isFour = b.op('Equal', [shape, b.ints([4], [])]);
    const flexible = b.op('Where', [isFour, b.ints([-1], []), shape]);
    const scaled = b.op('Cast', [b.op('Floor', [b.op('Mul', [b.op('Cast', [flexible], [attr.int('to', DataType.FLOAT)]), b.floats(1.5)])])], [attr.int('to', DataType.INT64)]);
    const filled = b.op('ConstantOfShape', [b.op('Abs', [scaled])], [attr.tensor('value', { name: 'v', dims: [1], dataType: DataType.INT64, raw: new Uint8Array(8), extra: [] })]);
    model.graph.outputs = [split, flexible, filled].map((name) => ({ name, extra: [] }));
    model.graph.outputs.push({ name: b.op('Reshape', ['x', flexible]), extra: [] });
    await expectInferenceMatchesOrt(model, { x: [2, 6, 4, 5] });
  });
});

const nodeCases: Array<[string, NodeCase]> = [
  // Slice: negative steps clamp start to the last element and end to one before the first.
  ['Slice reversing an axis (INT64_MIN end)', { op: 'Slice', inputs: [[2, 7, 5], ints([-1]), ints([INT64_MIN]), ints([1]), ints([-1])] }],
  ['Slice negative steps on two axes, negative axis', { op: 'Slice', inputs: [[2, 7, 5], ints([5, -2]), ints([1, -100]), ints([1, -1]), ints([-2, -1])] }],
  ['Slice negative steps from past the end', { op: 'Slice', inputs: [[2, 7, 5], ints([10, 100]), ints([-10, 0]), ints([2, 1]), ints([-3, -1])] }],
  ['Slice step 2 to INT64_MAX, and an empty slice', { op: 'Slice', inputs: [[4, 7, 5], ints([1, 4]), ints([INT64_MAX, 2]), ints([0, 2])] }],
  ['Slice with attributes (opset 9)', { op: 'Slice', inputs: [[4, 7, 5]], attrs: [attr.ints('starts', [1, -3]), attr.ints('ends', [1000, -1]), attr.ints('axes', [1, 2])], opset: 9 }],
  // Reshape: 0 copies the input's size, -1 takes the rest; allowzero keeps a literal 0.
  ['Reshape with 0 and -1', { op: 'Reshape', inputs: [[2, 3, 4, 5], ints([0, -1, 5])] }],
  ['Reshape -1 first, 0 copying axis 1', { op: 'Reshape', inputs: [[2, 3, 4, 5], ints([-1, 0, 20])] }],
  ['Reshape allowzero: 0 stays 0', { op: 'Reshape', inputs: [[3, 0], ints([0, 3])], attrs: [attr.int('allowzero', 1)], opset: 14 }],
  // Gather: output rank is rank(data) + rank(indices) - 1.
  ['Gather scalar negative index', { op: 'Gather', inputs: [[2, 5, 3], ints([-1], [])], attrs: [attr.int('axis', 1)] }],
  ['Gather scalar index on the last axis', { op: 'Gather', inputs: [[2, 5, 3], ints([0], [])], attrs: [attr.int('axis', -1)] }],
  ['Gather 2-D indices', { op: 'Gather', inputs: [[4, 3], ints([0, 1, 2, 3], [2, 2])] }],
  // Conv: SAME pads to ceil(size / stride), the odd pad going to the end (UPPER) or start (LOWER).
  ['Conv SAME_UPPER stride 2 on odd sizes', { op: 'Conv', inputs: [[2, 3, 7, 9], [4, 3, 3, 3]], attrs: [attr.string('auto_pad', 'SAME_UPPER'), attr.ints('strides', [2, 2])] }],
  ['Conv SAME_LOWER stride 2, even kernel', { op: 'Conv', inputs: [[2, 3, 7, 9], [4, 3, 2, 2]], attrs: [attr.string('auto_pad', 'SAME_LOWER'), attr.ints('strides', [2, 2])] }],
  ['Conv VALID stride 3', { op: 'Conv', inputs: [[2, 3, 11, 8], [4, 3, 3, 3]], attrs: [attr.string('auto_pad', 'VALID'), attr.ints('strides', [3, 3])] }],
  ['Conv asymmetric pads, dilation 2, depthwise', { op: 'Conv', inputs: [[2, 4, 9, 9], [4, 1, 3, 3]], attrs: [attr.ints('pads', [0, 1, 2, 0]), attr.ints('dilations', [2, 2]), attr.int('group', 4)] }],
  ['ConvTranspose output_padding, groups', { op: 'ConvTranspose', inputs: [[2, 4, 5, 6], [4, 2, 3, 3]], attrs: [attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.ints('output_padding', [1, 0]), attr.int('group', 2)] }],
  ['ConvTranspose output_shape', { op: 'ConvTranspose', inputs: [[2, 4, 5, 6], [4, 3, 3, 3]], attrs: [attr.ints('strides', [2, 2]), attr.ints('output_shape', [10, 12])] }],
  // Pools: ceil_mode, with the last window dropped when it would start in the end padding.
  ['MaxPool ceil_mode, last window in the padding', { op: 'MaxPool', inputs: [[2, 3, 5, 5]], attrs: [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2]), attr.ints('pads', [1, 1, 1, 1]), attr.int('ceil_mode', 1)] }],
  ['MaxPool ceil_mode with Indices', { op: 'MaxPool', inputs: [[2, 3, 6, 7]], attrs: [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.int('ceil_mode', 1)], outputs: 2 }],
  ['MaxPool ceil_mode, dilation 2', { op: 'MaxPool', inputs: [[2, 3, 10, 9]], attrs: [attr.ints('kernel_shape', [2, 3]), attr.ints('strides', [3, 2]), attr.ints('dilations', [2, 2]), attr.int('ceil_mode', 1)] }],
  ['MaxPool SAME_UPPER stride 2', { op: 'MaxPool', inputs: [[2, 3, 7, 8]], attrs: [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.string('auto_pad', 'SAME_UPPER')] }],
  // onnxruntime quirks the spec does not state: SAME pads as if undilated; a window larger than the input gives 1.
  ['MaxPool SAME_LOWER with dilation', { op: 'MaxPool', inputs: [[2, 3, 7, 11]], attrs: [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [1, 3]), attr.ints('dilations', [2, 2]), attr.string('auto_pad', 'SAME_LOWER')] }],
  ['MaxPool window larger than the padded input', { op: 'MaxPool', inputs: [[2, 3, 8, 3]], attrs: [attr.ints('kernel_shape', [2, 3]), attr.ints('strides', [1, 3]), attr.ints('dilations', [1, 2]), attr.ints('pads', [1, 0, 1, 0])] }],
  ['ConvTranspose SAME_LOWER, kernel smaller than stride', { op: 'ConvTranspose', inputs: [[2, 2, 8, 3], [2, 3, 1, 2]], attrs: [attr.ints('strides', [3, 1]), attr.string('auto_pad', 'SAME_LOWER')] }],
  ['AveragePool ceil_mode, asymmetric pads', { op: 'AveragePool', inputs: [[2, 3, 8, 7]], attrs: [attr.ints('kernel_shape', [3, 2]), attr.ints('strides', [2, 3]), attr.ints('pads', [1, 0, 0, 1]), attr.int('ceil_mode', 1)] }],
  ['GlobalMaxPool', { op: 'GlobalMaxPool', inputs: [[2, 3, 7, 8]] }],
  // Layout ops whose axes moved from attributes to inputs.
  ['Unsqueeze negative axes (input)', { op: 'Unsqueeze', inputs: [[2, 3], ints([-1, 0])], opset: 13 }],
  ['Unsqueeze axes attribute (opset 11)', { op: 'Unsqueeze', inputs: [[2, 3]], attrs: [attr.ints('axes', [1, -1])], opset: 11 }],
  ['Squeeze without axes', { op: 'Squeeze', inputs: [[2, 1, 3, 1]] }],
  ['Split input sizes', { op: 'Split', inputs: [[2, 10, 3], ints([3, 7])], attrs: [attr.int('axis', 1)], outputs: 2, opset: 13 }],
  ['Split num_outputs, uneven (opset 18)', { op: 'Split', inputs: [[2, 10, 3]], attrs: [attr.int('axis', 1), attr.int('num_outputs', 3)], outputs: 3, opset: 18 }],
  ['Split attribute (opset 11)', { op: 'Split', inputs: [[2, 10, 3]], attrs: [attr.int('axis', -1), attr.ints('split', [1, 2])], outputs: 2, opset: 11 }],
  ['Flatten axis 0', { op: 'Flatten', inputs: [[2, 3, 4]], attrs: [attr.int('axis', 0)] }],
  ['Transpose', { op: 'Transpose', inputs: [[2, 3, 4]], attrs: [attr.ints('perm', [2, 0, 1])] }],
  ['Concat negative axis', { op: 'Concat', inputs: [[2, 3, 4], [2, 3, 1]], attrs: [attr.int('axis', -1)] }],
  ['Expand bidirectional', { op: 'Expand', inputs: [[3, 1], ints([2, 1, 4])] }],
  ['Tile', { op: 'Tile', inputs: [[2, 3], ints([2, 3])] }],
  ['Pad input pads', { op: 'Pad', inputs: [[2, 3, 4, 5], ints([0, 0, 1, 2, 0, 0, 3, 4])] }],
  ['Shape start/end', { op: 'Shape', inputs: [[2, 3, 4, 5]], attrs: [attr.int('start', 1), attr.int('end', -1)] }],
  ['Size', { op: 'Size', inputs: [[2, 3, 4]] }],
  // Reductions and index outputs.
  ['ReduceMean axes attribute, keepdims 0', { op: 'ReduceMean', inputs: [[2, 3, 4]], attrs: [attr.ints('axes', [1, -1]), attr.int('keepdims', 0)] }],
  ['ReduceSum axes input (opset 13)', { op: 'ReduceSum', inputs: [[2, 3, 4], ints([-2])], opset: 13 }],
  ['ReduceMax all axes', { op: 'ReduceMax', inputs: [[2, 3, 4]], attrs: [attr.int('keepdims', 0)] }],
  ['ArgMax keepdims 0', { op: 'ArgMax', inputs: [[2, 3, 4]], attrs: [attr.int('axis', 1), attr.int('keepdims', 0)] }],
  ['TopK', { op: 'TopK', inputs: [[2, 5], ints([3])], outputs: 2 }],
  // Matrix products, normalisation, element-wise type changes.
  ['MatMul 1-D x batched', { op: 'MatMul', inputs: [[3], [2, 3, 4]] }],
  ['MatMul batched x 1-D', { op: 'MatMul', inputs: [[2, 1, 3, 4], [4]] }],
  ['MatMul broadcast batch', { op: 'MatMul', inputs: [[2, 1, 3, 4], [5, 4, 6]] }],
  ['Gemm transB', { op: 'Gemm', inputs: [[2, 3], [4, 3], [4]], attrs: [attr.int('transB', 1)] }],
  ['LayerNormalization with mean and inv-std', { op: 'LayerNormalization', inputs: [[2, 3, 4], [3, 4], [3, 4]], attrs: [attr.int('axis', 1)], outputs: 3 }],
  ['Dropout mask', { op: 'Dropout', inputs: [[2, 3]], outputs: 2, opset: 13 }],
  ['Where broadcasting three ways', { op: 'Where', inputs: [{ shape: [3, 1], values: [1, 0, 1], dtype: 'bool' }, [2, 1, 4], [4]] }],
  ['Greater gives bool', { op: 'Greater', inputs: [[2, 3], [3]] }],
  ['Cast to int64', { op: 'Cast', inputs: [[2, 3]], attrs: [attr.int('to', DataType.INT64)] }],
  ['Clip with min only', { op: 'Clip', inputs: [[2, 3], floats([0], [])] }],
  ['Resize scales', { op: 'Resize', inputs: [[2, 3, 7, 5], null, floats([1, 1, 1.5, 2.3])], opset: 13 }],
  ['Resize sizes', { op: 'Resize', inputs: [[2, 3, 7, 5], null, null, ints([2, 3, 4, 9])], opset: 13 }],
  ['Range', { op: 'Range', inputs: [ints([1], []), ints([10], []), ints([3], [])] }],
  ['ConstantOfShape default float', { op: 'ConstantOfShape', inputs: [ints([2, 3])] }],
  // Ops of the vision-transformer families (VJP rules in autodiff/rules), and their opset 18+ forms.
  ['Einsum explicit attention scores', { op: 'Einsum', inputs: [[2, 3, 4, 5], [2, 3, 6, 5]], attrs: [attr.string('equation', 'bhqd,bhkd->bhqk')] }],
  ['Einsum implicit output, sorted', { op: 'Einsum', inputs: [[3, 2], [2, 4]], attrs: [attr.string('equation', 'ba,ac')] }],
  ['Einsum ellipsis broadcast', { op: 'Einsum', inputs: [[2, 1, 3, 4], [1, 5, 4, 6]], attrs: [attr.string('equation', '...ij,...jk->...ik')] }],
  ['Einsum implicit with ellipsis, reduction to a vector', { op: 'Einsum', inputs: [[2, 3, 4]], attrs: [attr.string('equation', '...ij->...j')] }],
  ['GatherND tuples of 2', { op: 'GatherND', inputs: [[2, 3, 4], ints([1, 2, 0, 0, 1, 0], [3, 2])] }],
  ['GatherND batch_dims 1', { op: 'GatherND', inputs: [[2, 3, 4], ints([1, 2, 0, 0], [2, 2, 1])], attrs: [attr.int('batch_dims', 1)] }],
  ['ScatterND', { op: 'ScatterND', inputs: [[2, 3, 4], ints([1, 2, 0, 0], [2, 2]), [2, 4]] }],
  ['GatherElements', { op: 'GatherElements', inputs: [[2, 3, 3], ints([0, 2, 1, 1, 0, 2], [2, 1, 3])], attrs: [attr.int('axis', 1)] }],
  ['Max variadic broadcasting', { op: 'Max', inputs: [[2, 3, 4], [3, 1], [4]] }],
  ['Min two inputs', { op: 'Min', inputs: [[2, 3], [2, 3]] }],
  ['Sum variadic', { op: 'Sum', inputs: [[2, 3, 4], [4]] }],
  ['Abs', { op: 'Abs', inputs: [[2, 3]] }],
  ['Reciprocal', { op: 'Reciprocal', inputs: [[2, 3]] }],
  ['Log', { op: 'Log', inputs: [[2, 3]] }],
  ['Softplus', { op: 'Softplus', inputs: [[2, 3]] }],
  ['Gelu tanh (opset 20)', { op: 'Gelu', inputs: [[2, 3]], attrs: [attr.string('approximate', 'tanh')], opset: 20 }],
  ['Mod fmod on floats', { op: 'Mod', inputs: [[2, 3], [3]], attrs: [attr.int('fmod', 1)] }],
  ['CastLike (opset 15)', { op: 'CastLike', inputs: [[2, 3], ints([1], [])], opset: 15 }],
  ['InstanceNormalization', { op: 'InstanceNormalization', inputs: [[2, 3, 4, 5], [3], [3]] }],
  ['GroupNormalization opset 18 (per-group affine)', { op: 'GroupNormalization', inputs: [[2, 4, 3, 3], [2], [2]], attrs: [attr.int('num_groups', 2)], opset: 18 }],
  ['GroupNormalization opset 21 (per-channel affine)', { op: 'GroupNormalization', inputs: [[2, 4, 3, 3], [4], [4]], attrs: [attr.int('num_groups', 2)], opset: 21 }],
  ['ReduceMean axes input (opset 18)', { op: 'ReduceMean', inputs: [[2, 3, 4], ints([1, -1])], attrs: [attr.int('keepdims', 0)], opset: 18 }],
  ['ReduceMean empty axes, noop_with_empty_axes (opset 18)', { op: 'ReduceMean', inputs: [[2, 3, 4], ints([])], attrs: [attr.int('noop_with_empty_axes', 1)], opset: 18 }],
  ['ReduceMax axes input (opset 18)', { op: 'ReduceMax', inputs: [[2, 3, 4], ints([2])], opset: 18 }],
  ['ReduceMin axes attribute (opset 13)', { op: 'ReduceMin', inputs: [[2, 3, 4]], attrs: [attr.ints('axes', [0]), attr.int('keepdims', 0)], opset: 13 }],
  ['ReduceL2 axes input, keepdims 0 (opset 18)', { op: 'ReduceL2', inputs: [[2, 3, 4], ints([-1])], attrs: [attr.int('keepdims', 0)], opset: 18 }],
  ['ReduceSumSquare all axes (opset 18)', { op: 'ReduceSumSquare', inputs: [[2, 3, 4]], opset: 18 }],
  ['ReduceSum empty axes, noop_with_empty_axes', { op: 'ReduceSum', inputs: [[2, 3], ints([])], attrs: [attr.int('noop_with_empty_axes', 1)], opset: 13 }],
  ['Squeeze axes input (opset 18)', { op: 'Squeeze', inputs: [[2, 1, 3, 1], ints([-1])], opset: 18 }],
  ['Unsqueeze axes input (opset 21)', { op: 'Unsqueeze', inputs: [[2, 3], ints([1])], opset: 21 }],
  ['Pad with axes input (opset 18)', { op: 'Pad', inputs: [[2, 3, 4, 5], ints([1, 2, 3, 0]), null, ints([-1, 2])], opset: 18 }],
  ['Split sizes input (opset 18)', { op: 'Split', inputs: [[2, 10, 3], ints([4, 6])], attrs: [attr.int('axis', 1)], outputs: 2, opset: 18 }],
  ['Resize axes attribute with sizes (opset 18)', { op: 'Resize', inputs: [[2, 3, 7, 5], null, null, ints([4, 9])], attrs: [attr.ints('axes', [2, 3]), attr.string('mode', 'linear')], opset: 18 }],
  ['Resize scales, cubic half_pixel_symmetric (opset 19)', { op: 'Resize', inputs: [[2, 3, 7, 5], null, floats([1, 1, 1.5, 0.6])], attrs: [attr.string('mode', 'cubic'), attr.string('coordinate_transformation_mode', 'half_pixel_symmetric')], opset: 19 }],
];

describe('op rules against onnxruntime', () => {
  test.each(nodeCases)('%s', async (_label, c) => {
    const { model, inputShapes } = oneNodeModel(c);
    await expectInferenceMatchesOrt(model, inputShapes);
  });
});
