#!/usr/bin/env node
/**
 * Last step of `npm run bench`: the API benchmark writes apps/api/BENCHMARKS.md; its content becomes
 * the "API" section of the one report, BENCHMARKS.md at the root (headings one level down, so
 * that the report's own sections stay the only `## ` ones).
 */
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { BENCHMARKS_FILE, writeSection } = require('gradcam-core/dist/bench/report-file.js');

const source = join(__dirname, '..', 'apps', 'api', 'BENCHMARKS.md');
if (!existsSync(source)) {
  console.error(`${source} is missing: run npm run bench -w apps/api first`);
  process.exit(1);
}
const body = readFileSync(source, 'utf8')
  .replace(/^# .*\n+/, '') // its title: the section heading replaces it
  .replace(/^(#{2,}) /gm, '#$1 ');
writeSection(BENCHMARKS_FILE, 'API', `Command: \`npm run bench -w apps/api\`.\n\n${body.trim()}`);
console.log(`wrote the API section of ${BENCHMARKS_FILE}`);
