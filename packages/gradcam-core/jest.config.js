/** Units beside the code (src/**\/*.test.ts), engine tests against fixtures in test/. */
module.exports = {
  testEnvironment: '<rootDir>/testing/ort-environment.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 120000,
  // onnxruntime's native binding initialises once per process; a fresh worker per test file
  // keeps a second initialisation (a hard abort) from ever happening.
  workerIdleMemoryLimit: '1KB',
  maxWorkers: 2,
};
