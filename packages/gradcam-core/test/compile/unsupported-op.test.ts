import { UnsupportedOpError } from '../../src/autodiff/rule';
import { compileCam } from '../../src/compile/compiler';
import { tinyClassifier } from '../support/tiny-model';

describe('an op without a gradient rule between the target layer and the output', () => {
  test('is an error naming the op, the node and the input shapes', async () => {
    const model = tinyClassifier({ activation: 'Selu' });
    const node = model.onnx.graph.nodes.find((n) => n.opType === 'Selu')!;
    const err = await compileCam(model).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedOpError);
    expect((err as Error).message).toContain(`cannot differentiate Selu node '${node.name}'`);
    expect((err as Error).message).toMatch(/\[2,4,8,8\]/);
  });

  test('compiles when every op on the path has a rule', async () => {
    await expect(compileCam(tinyClassifier({ activation: 'Relu' }))).resolves.toMatchObject({ numClasses: 3 });
  });
});
