import { checkGraphVjp } from '../../support/graph-vjp-check';
import { checkVjp } from '../../support/vjp-check';

const hardSwish = (opset: number) => ({ inputs: { x: [2, 3, 4, 4] }, nodes: [{ op: 'HardSwish', inputs: ['x'], outputs: ['y'] }], outputs: ['y'], opset });

describe('HardSwish VJP', () => {
  test.each([
    ['inputs in [-1,1) (the quadratic part), opset 17', 17],
    ['opset 14 (the first with HardSwish)', 14],
  ])('%s', async (_l, opset) => {
    const report = await checkVjp({ op: 'HardSwish', inputs: [{ shape: [2, 3, 5] }], opset });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test.each([17, 14])('inputs in [-5, 5): zero, quadratic and identity parts (opset %d)', async (opset) => {
    const report = await checkGraphVjp(hardSwish(opset), { scale: 5, kinks: [-3, 3], gap: 0.05 });
    expect(report.maxError).toBeLessThan(1e-3);
  });

  test('probed at batch 2, run at batch 5, inputs in [-5, 5)', async () => {
    const report = await checkGraphVjp(hardSwish(17), { scale: 5, kinks: [-3, 3], gap: 0.05, runBatch: 5 });
    expect(report.maxError).toBeLessThan(1e-3);
  });
});
