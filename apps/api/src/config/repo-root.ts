/** The monorepo's root folder: defaults (.data/, models/) are relative to it, wherever the process starts. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function isWorkspaceRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return Array.isArray((JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces);
}

let cached: string | undefined;

export function repoRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (isWorkspaceRoot(dir)) return (cached = dir);
    if (dirname(dir) === dir) throw new Error(`no workspace root (a package.json with "workspaces") above ${__dirname}`);
  }
}
