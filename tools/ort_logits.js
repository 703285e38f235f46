#!/usr/bin/env node
/**
 * Runs an ONNX model with ONNX Runtime (onnxruntime-node, CPU) on inputs read from .npy files and
 * prints one output as JSON: {"output", "dims", "data" (flat, row-major), "runtime"}.
 *
 *   node tools/ort_logits.js model.onnx [--output logits] mnv=mnv.npy fluid=fluid.npy ...
 *
 * Inputs are float32 or float64 .npy files (format 1.0-3.0, little-endian, C order); float64 is
 * narrowed to float32. Used by export_onnx.py, whose Python has no onnxruntime, to check an
 * exported model against PyTorch. Errors: one line on stderr, exit status 1.
 */
'use strict';
const { readFileSync } = require('node:fs');

function fail(message) {
  process.stderr.write(`ort_logits: ${message}\n`);
  process.exit(1);
}

function readNpy(path) {
  let buf;
  try {
    buf = readFileSync(path);
  } catch (e) {
    fail(`cannot read ${path}: ${e.message}`);
  }
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== '\x93NUMPY') fail(`${path} is not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) fail(`${path}: unreadable .npy header`);
  if (fortran === 'True') fail(`${path}: Fortran-ordered arrays are not supported`);
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = dims.reduce((a, d) => a * d, 1);
  const body = buf.subarray(start);
  let data;
  if (descr === '<f4' && body.length >= 4 * count) {
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = body.readFloatLE(4 * i);
  } else if (descr === '<f8' && body.length >= 8 * count) {
    data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = body.readDoubleLE(8 * i);
  } else {
    fail(`${path}: expected ${count} little-endian float32 or float64 values, found dtype ${descr} and ${body.length} bytes`);
  }
  return { dims, data };
}

function parseArgs(argv) {
  const args = { model: undefined, output: undefined, inputs: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--output') args.output = argv[++i];
    else if (a.includes('=')) {
      const eq = a.indexOf('=');
      args.inputs[a.slice(0, eq)] = a.slice(eq + 1);
    } else if (args.model === undefined) args.model = a;
    else fail(`unexpected argument ${a} (inputs are given as name=file.npy)`);
  }
  if (!args.model) fail('usage: node tools/ort_logits.js model.onnx [--output NAME] input=file.npy ...');
  return args;
}

function runtimeVersion() {
  try {
    return `onnxruntime-node ${require('onnxruntime-node/package.json').version}`;
  } catch {
    return 'onnxruntime-node';
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (e) {
    fail(`cannot load onnxruntime-node (run npm install at the repository root): ${e.message}`);
  }
  let session;
  try {
    session = await ort.InferenceSession.create(args.model, { executionProviders: ['cpu'] });
  } catch (e) {
    fail(`ONNX Runtime cannot load ${args.model}: ${String(e.message).split('\n')[0]}`);
  }
  const missing = session.inputNames.filter((n) => !(n in args.inputs));
  if (missing.length) fail(`no .npy given for model input(s) ${missing.join(', ')} (inputs: ${session.inputNames.join(', ')})`);
  const extra = Object.keys(args.inputs).filter((n) => !session.inputNames.includes(n));
  if (extra.length) fail(`${extra.join(', ')}: not an input of the model (inputs: ${session.inputNames.join(', ')})`);
  const output = args.output ?? session.outputNames[0];
  if (!session.outputNames.includes(output)) fail(`the model has no output ${output} (outputs: ${session.outputNames.join(', ')})`);

  const feeds = {};
  for (const [name, path] of Object.entries(args.inputs)) {
    const { dims, data } = readNpy(path);
    feeds[name] = new ort.Tensor('float32', data, dims);
  }
  let result;
  try {
    result = await session.run(feeds, [output]);
  } catch (e) {
    fail(`ONNX Runtime failed to run ${args.model}: ${String(e.message).split('\n')[0]}`);
  }
  const t = result[output];
  process.stdout.write(`${JSON.stringify({ output, dims: t.dims, data: Array.from(t.data), runtime: runtimeVersion() })}\n`);
}

main().catch((e) => fail(String(e?.message ?? e).split('\n')[0]));
