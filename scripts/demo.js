#!/usr/bin/env node
/**
 * The main job on embedded defaults: explain one bundled sample with the bundled 4-input model
 * (MNV, Fluid, GA, Drusen) and write the result under gradcam_results_<timestamp>/.
 */
'use strict';
const { join } = require('node:path');
const { main } = require('gradcam-core/dist/cli/main.js');

const model = join(__dirname, '..', 'packages', 'gradcam-core', 'test', 'fixtures', 'effnet4');
const sample = join(model, 'cases', 'b1_pred');
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
const out = join(process.cwd(), `gradcam_results_${stamp}`);
const args = ['analyze', '--model', model, '--json', join(out, 'result.json'), '--raw-dir', join(out, 'heatmaps')];
for (const input of ['mnv', 'fluid', 'ga', 'drusen']) args.push('--input', `${input}=${join(sample, `input_${input}.npy`)}`);

main(args).then((code) => {
  if (code === 0) console.log(`wrote ${join(out, 'result.json')} and the raw heat maps in ${join(out, 'heatmaps')}/`);
  process.exitCode = code;
});
