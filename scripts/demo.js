#!/usr/bin/env node
/**
 * The main job on embedded defaults: explain one bundled sample with the bundled demo model (four
 * AMD biomarker maps: MNV, Fluid, GA, Drusen) and write its figures and heat maps, in the original
 * guide's layout, under gradcam_results_<timestamp>/.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { main } = require('gradcam-core/dist/cli/main.js');

const model = join(__dirname, '..', 'models', 'demo');
const samples = join(model, 'samples');
const [header, first] = readFileSync(join(samples, 'manifest.csv'), 'utf8').trim().split('\n');
const columns = header.split(',');
const row = Object.fromEntries(first.split(',').map((cell, i) => [columns[i], cell]));
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
const out = join(process.cwd(), `gradcam_results_${stamp}`);
const args = ['analyze', '--model', model, '--sample-id', row.id, '--save-dir', out, '--json', join(out, `${row.id}.json`)];
if (row.label !== undefined) args.push('--true-class', row.label);
for (const input of ['mnv', 'fluid', 'ga', 'drusen']) args.push('--input', `${input}=${join(samples, row[input])}`);

main(args).then((code) => {
  process.exitCode = code;
});
