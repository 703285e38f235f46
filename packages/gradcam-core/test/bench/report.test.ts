import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeSection } from '../../src/bench/report-file';
import { barChartSvg } from '../../src/bench/svg-chart';

describe('the benchmark report', () => {
  test('a script replaces its own section and keeps the others', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gradcam-report-')), 'BENCHMARKS.md');
    writeFileSync(file, '# Benchmarks\n\n## A\n\nold a\n\n## GPU\n\nfrom another machine\n');
    writeSection(file, 'A', 'new a');
    writeSection(file, 'B', 'b');
    expect(readFileSync(file, 'utf8')).toBe('# Benchmarks\n\n## A\n\nnew a\n\n## GPU\n\nfrom another machine\n\n## B\n\nb\n');
  });

  test('a bar chart is an SVG that renders, one bar per finite value', async () => {
    const svg = barChartSvg({ title: 'ms & more', yLabel: 'ms', categories: ['batch 1', 'batch 8'], series: [{ name: 'a', values: [31.3, 21.1] }, { name: 'b', values: [615.9, NaN] }], log: true });
    expect(svg.match(/<rect x=[^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain('ms &amp; more');
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    expect((await sharp(png).metadata()).width).toBe(640);
  });
});
