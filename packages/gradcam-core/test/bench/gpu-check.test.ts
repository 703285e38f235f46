import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../support/fixtures';

// The GPU check's harness, run with the CPU standing in for the GPU: a device compared with
// itself must differ by exactly 0, and the maps must match the fixture's PyTorch references.
const SCRIPT = join(__dirname, '..', '..', 'dist', 'bench', 'gpu-check.js');

test('the GPU check compares every in-graph method across devices and against PyTorch', () => {
  const out = mkdtempSync(join(tmpdir(), 'gradcam-gpu-check-'));
  execFileSync(process.execPath, [SCRIPT, out, join(FIXTURES, 'effnet4'), '--devices', 'cpu', '--batches', '2'], { stdio: 'pipe' });
  const report = JSON.parse(readFileSync(join(out, 'gpu-check.json'), 'utf8')) as {
    equivalence: { method: string; camMaxAbsDiffVsCpu?: number; samePrediction?: boolean; camMaxAbsDiffVsPytorch?: number }[];
    speed: { batch: number; plainMsPerSample: number; engineMsPerSample: number }[];
  };
  const compared = report.equivalence.filter((r) => r.camMaxAbsDiffVsCpu !== undefined);
  expect(compared.map((r) => r.method)).toEqual(['gradcam', 'gradcam++', 'xgradcam', 'hirescam', 'layercam', 'eigencam']);
  for (const row of compared) {
    expect(row.camMaxAbsDiffVsCpu).toBe(0);
    expect(row.samePrediction).toBe(true);
    expect(row.camMaxAbsDiffVsPytorch).toBeLessThan(1e-3);
  }
  expect(report.speed).toEqual([expect.objectContaining({ batch: 2, plainMsPerSample: expect.any(Number), engineMsPerSample: expect.any(Number) })]);
  expect(readFileSync(join(out, 'gpu-report.md'), 'utf8')).toMatch(/\| effnet4|fixtures\/effnet4 \| gradcam \| cpu \| 4 \| 0\.0e\+0/);
});
