import { formatEta, ProgressReporter } from '../../src/cli/progress';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, sink: { isTTY, write: (s: string) => void out.push(s) } };
}

describe('batch progress', () => {
  test('on a terminal: one bar redrawn with \\r, samples/s, ETA and failures; a newline at the end', () => {
    let now = 0;
    const { out, sink: s } = sink(true);
    const p = new ProgressReporter(4, s, () => now);
    now = 1000;
    p.update({ done: 1, failed: 0 });
    now = 2000;
    p.update({ done: 2, failed: 1 });
    p.end();
    expect(out[0]).toBe(`\r[${'█'.repeat(6)}${'░'.repeat(18)}] 1/4 (25%) · 1.0 samples/s · ETA 0:03\x1b[K`);
    expect(out[1]).toBe(`\r[${'█'.repeat(12)}${'░'.repeat(12)}] 2/4 (50%) · 1.0 samples/s · ETA 0:02 · 1 failed\x1b[K`);
    expect(out[2]).toBe('\n');
  });

  test('elsewhere: plain lines at every tenth and at the end, no \\r', () => {
    let now = 0;
    const { out, sink: s } = sink(false);
    const p = new ProgressReporter(25, s, () => now);
    for (let done = 1; done <= 25; done++) {
      now = done * 500;
      p.update({ done, failed: 0 });
    }
    p.end();
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(out.map((l) => l.match(/^progress: (\d+)\//)?.[1])).toEqual(['3', '6', '9', '12', '15', '18', '21', '24', '25']);
    expect(out[8]).toBe('progress: 25/25 (100%) · 2.0 samples/s · 0:13 elapsed\n');
  });

  test('slow work reads as seconds per sample', () => {
    let now = 0;
    const { out, sink: s } = sink(false);
    const p = new ProgressReporter(2, s, () => now);
    now = 12500;
    p.update({ done: 1, failed: 0 });
    expect(out[0]).toBe('progress: 1/2 (50%) · 12.5 s/sample · ETA 0:13\n');
  });

  test('ETA format', () => {
    expect(formatEta(7)).toBe('0:07');
    expect(formatEta(65)).toBe('1:05');
    expect(formatEta(3725)).toBe('1:02:05');
    expect(formatEta(NaN)).toBe('--');
  });
});
