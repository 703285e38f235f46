import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelConfigError, parseModelConfig } from '../../src/model/config';
import { loadModel, ModelLoadError } from '../../src/model/load';
import { encodeModel } from '../../src/onnx/proto';
import { FIXTURES } from '../support/fixtures';
import { tinyClassifier } from '../support/tiny-model';

const valid = JSON.parse(readFileSync(join(FIXTURES, 'effnet4', 'gradcam.json'), 'utf8'));

describe('gradcam.json', () => {
  test('the fixture config parses', () => {
    expect(parseModelConfig(valid).inputs.map((i) => i.name)).toEqual(['mnv', 'fluid', 'ga', 'drusen']);
  });

  test.each([
    ['no inputs', { ...valid, inputs: [] }, /"inputs" must be a non-empty array/],
    ['a negative height', { ...valid, inputs: [{ ...valid.inputs[0], height: -3 }] }, /inputs\[0\]\.height must be a positive integer/],
    ['std of zero', { ...valid, inputs: [{ ...valid.inputs[0], std: [0] }] }, /std\[0\] must not be 0/],
    ['mean of the wrong length', { ...valid, inputs: [{ ...valid.inputs[0], mean: [0, 0] }] }, /mean must be an array of 1 number/],
    ['a duplicated input', { ...valid, inputs: [valid.inputs[0], valid.inputs[0]] }, /input "mnv" is listed twice/],
    ['an unknown output kind', { ...valid, outputKind: 'scores' }, /"outputKind" must be "logits" or "probabilities"/],
    ['one class', { ...valid, classes: ['only'] }, /at least two class names/],
    ['a target layer for no input', { ...valid, targetLayers: { oct: 'x' } }, /names input "oct", which is not among the inputs/],
    ['an unknown key', { ...valid, clases: ['a', 'b'], target_layer: 'x' }, /gradcam.json: unknown key\(s\) "clases", "target_layer" \(known: /],
    ['an unknown input key', { ...valid, inputs: [{ ...valid.inputs[0], chanels: 1 }] }, /inputs\[0\]: unknown key\(s\) "chanels"/],
    ['an unknown target-layer key', { ...valid, targetLayers: { mnv: { tensor: 'x', prefix: 1 } } }, /targetLayers.mnv: unknown key\(s\) "prefix"/],
    ['an unknown task', { ...valid, task: 'segmentation' }, /"task" must be one of "multiclass", "binary", "multilabel", "regression"/],
    ['a binary head with three classes', { ...valid, task: 'binary', classes: ['a', 'b', 'c'] }, /exactly two class names \(negative, positive\) for task "binary"/],
    ['a regression head said to output probabilities', { ...valid, task: 'regression', outputKind: 'probabilities', classes: ['severity'] }, /a regression head outputs raw values/],
    ['a token grid that is not two positive integers', { ...valid, targetLayers: { mnv: { tensor: 'x', grid: [14, 0] } } }, /targetLayers.mnv.grid must be two positive integers/],
  ])('%s is refused, naming the field', (_l, doc, message) => {
    expect(() => parseModelConfig(doc)).toThrow(ModelConfigError);
    expect(() => parseModelConfig(doc)).toThrow(message);
  });
});

test('a target layer may state its token grid; tasks other than multiclass take their own class counts', () => {
  const config = parseModelConfig({ ...valid, task: 'regression', classes: ['severity'], targetLayers: { mnv: { tensor: 'blocks.3.norm1', grid: [14, 14], prefixTokens: 1 }, ga: 'x' } });
  expect(config.task).toBe('regression');
  expect(config.targetLayers).toEqual({ mnv: 'blocks.3.norm1', ga: 'x' });
  expect(config.layerHints).toEqual({ mnv: { grid: [14, 14], prefixTokens: 1 } });
  expect(parseModelConfig(valid).task).toBe('multiclass');
});

describe('loadModel', () => {
  const folder = (config?: object): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-model-'));
    copyFileSync(join(FIXTURES, 'resnet_mlp', 'model.onnx'), join(dir, 'model.onnx'));
    if (config) writeFileSync(join(dir, 'gradcam.json'), JSON.stringify(config));
    return dir;
  };
  const resnetConfig = JSON.parse(readFileSync(join(FIXTURES, 'resnet_mlp', 'gradcam.json'), 'utf8'));

  test('without gradcam.json, infers inputs, output kind and class count, and says so', () => {
    const model = loadModel(join(folder(), 'model.onnx'));
    expect(model.config.inputs).toEqual([{ name: 'image', channels: 3, height: 64, width: 64, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] }]);
    expect(model.config.outputKind).toBe('logits');
    expect(model.config.classes).toHaveLength(5);
    expect(model.inferred.join('\n')).toMatch(/inputs image \[3,64,64\]/);
  });

  test('a one-logit output without gradcam.json is a binary classifier, and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-model-'));
    writeFileSync(join(dir, 'model.onnx'), encodeModel(tinyClassifier({ outputs: 1 }).onnx));
    const model = loadModel(dir);
    expect(model.config).toMatchObject({ task: 'binary', classes: ['class 0', 'class 1'], outputKind: 'logits' });
    expect(model.inferred.join('\n')).toMatch(/output 'logits' \[N,1\] is a binary classifier's logit z/);
  });

  test('a softmax output is recognised as probabilities', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-model-'));
    copyFileSync(join(FIXTURES, 'mobilenetv3_softmax', 'model.onnx'), join(dir, 'model.onnx'));
    expect(loadModel(dir).config.outputKind).toBe('probabilities');
  });

  test.each([
    ['an input the graph lacks', { ...resnetConfig, inputs: [{ ...resnetConfig.inputs[0], name: 'photo' }], targetLayers: {} }, /input "photo" is not an input of the graph/],
    ['a size the graph contradicts', { ...resnetConfig, inputs: [{ ...resnetConfig.inputs[0], height: 32 }] }, /says \[3,32,64\] but the graph declares \[3,64,64\]/],
    ['an output the graph lacks', { ...resnetConfig, output: 'scores' }, /output "scores" is not produced by the graph/],
  ])('a gradcam.json naming %s is refused', (_l, config, message) => {
    expect(() => loadModel(folder(config))).toThrow(message);
  });

  test('a folder without model.onnx, and a missing path', () => {
    expect(() => loadModel(mkdtempSync(join(tmpdir(), 'gradcam-empty-')))).toThrow(ModelLoadError);
    expect(() => loadModel('/no/such/model.onnx')).toThrow(/model not found/);
  });
});
