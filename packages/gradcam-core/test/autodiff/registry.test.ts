import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuleTable, RULES } from '../../src/autodiff/registry';
import { reluGrad } from '../../src/autodiff/rules/Relu';

/** Every op torch.onnx.export (opset 13–17) emits for the supported model families and heads. */
const REQUIRED_OPS = [
  'Conv', 'BatchNormalization', 'Relu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Clip', 'Mul', 'Add', 'Sub', 'Div',
  'GlobalAveragePool', 'AveragePool', 'MaxPool', 'ReduceMean', 'Flatten', 'Reshape', 'Squeeze', 'Unsqueeze', 'Transpose',
  'Concat', 'Split', 'Slice', 'Gemm', 'MatMul', 'Softmax', 'LogSoftmax', 'Erf', 'Pow', 'Sqrt', 'LayerNormalization', 'Pad',
  'Identity', 'Dropout', 'Constant', 'Shape', 'Gather', 'Expand', 'Where', 'Cast', 'ConstantOfShape', 'Equal',
  // Vision transformers and hybrids (ViT, Swin V1/V2, MaxViT, ConvNeXt, DeiT, EfficientFormer, LeViT,
  // MobileViT, CoAtNet), TorchScript opset 13-17 and dynamo opset 18+.
  'Einsum', 'Resize', 'Gelu', 'ScatterND', 'GatherND', 'GatherElements', 'Tile', 'Max', 'Min', 'Sum', 'Abs', 'Reciprocal',
  'Log', 'Softplus', 'ReduceMax', 'ReduceMin', 'ReduceL2', 'ReduceSumSquare', 'InstanceNormalization', 'GroupNormalization',
  'Mod', 'Range', 'Not', 'CastLike', 'Neg', 'Exp', 'Tanh',
];

describe('rule registry', () => {
  test('every required op has a rule', () => {
    expect(REQUIRED_OPS.filter((op) => !RULES.has(op))).toEqual([]);
  });

  test('every rule file is registered under its own op name', () => {
    const files = readdirSync(join(__dirname, '../../src/autodiff/rules')).filter((f) => /^[A-Z]\w+\.ts$/.test(f));
    for (const file of files) expect(RULES.get(file.replace(/\.ts$/, ''))?.opType).toBe(file.replace(/\.ts$/, ''));
  });

  test('registering an op twice throws', () => {
    expect(() => buildRuleTable([reluGrad, reluGrad])).toThrow('two VJP rules registered for Relu');
  });
});
