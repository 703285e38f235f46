/**
 * BENCHMARKS.md is written by several scripts, some run on other machines (the GPU check): each
 * replaces its own part and keeps the others'.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Replaces the text before the first `## ` section. */
export function writePreamble(file: string, body: string): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const first = previous.indexOf('\n## ');
  writeFileSync(file, `${body.trimEnd()}\n${first >= 0 ? previous.slice(first) : ''}`);
}

/** Replaces the section `## <heading>` up to the next `## ` (or appends it). */
export function writeSection(file: string, heading: string, body: string): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const title = `\n## ${heading}\n`;
  const start = previous.indexOf(title);
  const section = `${title}\n${body.trimEnd()}\n`;
  if (start < 0) return writeFileSync(file, `${previous.trimEnd()}\n${section}`);
  const end = previous.indexOf('\n## ', start + title.length);
  writeFileSync(file, `${previous.slice(0, start)}${section}${end >= 0 ? previous.slice(end) : ''}`);
}
