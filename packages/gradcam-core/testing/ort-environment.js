/**
 * Jest runs each test file in its own V8 context, whose typed-array constructors differ from the
 * ones onnxruntime's native binding (and pg's Buffers) create: `instanceof Float32Array` would fail
 * on engine outputs. This environment hands the test context the process's own typed arrays.
 * Shipped with the package so that every workspace testing against the engine uses this one.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
