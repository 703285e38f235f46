/**
 * BENCHMARKS.md is written by several scripts, some run on other machines (the GPU check): each
 * replaces its own part and keeps the others'.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The one benchmark report, at the repository root. */
export const BENCHMARKS_FILE = resolve(__dirname, '../../../../BENCHMARKS.md');
/** Its plots, linked from it. */
export const PLOT_DIR = resolve(__dirname, '../../../../docs/img');

/** Writes an SVG plot under docs/img and returns the markdown that shows it from BENCHMARKS.md. */
export function writePlot(name: string, svg: string, alt: string): string {
  mkdirSync(PLOT_DIR, { recursive: true });
  writeFileSync(join(PLOT_DIR, name), svg);
  return `![${alt}](${join('docs/img', name)})`;
}

/** Replaces the section `## <heading>` up to the next `## ` (or appends it). */
export function writeSection(file: string, heading: string, body: string): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  mkdirSync(dirname(file), { recursive: true });
  const title = `\n## ${heading}\n`;
  const start = previous.indexOf(title);
  const section = `${title}\n${body.trimEnd()}\n`;
  if (start < 0) return writeFileSync(file, `${previous.trimEnd()}\n${section}`);
  const end = previous.indexOf('\n## ', start + title.length);
  writeFileSync(file, `${previous.slice(0, start)}${section}${end >= 0 ? previous.slice(end) : ''}`);
}
