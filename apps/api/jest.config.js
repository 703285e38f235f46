/**
 * Units beside the code (src/**\/*.test.ts); integration tests in test/, against one embedded
 * PostgreSQL that test/support/global-setup.ts starts for the whole run (each file gets its own
 * database, copied from a migrated template).
 */
const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    // type-graphql reads the types of decorated properties from decorator metadata.
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: require.resolve('gradcam-core/testing/ort-environment.js'),
  roots: ['<rootDir>/src', '<rootDir>/test'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // Prisma's schema engine glue is an ES module; the test runtime loads CommonJS.
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@prisma/schema-engine-wasm/)'],
  testTimeout: 120000,
  // onnxruntime's native binding initialises once per process; a fresh worker per test file
  // keeps a second initialisation (a hard abort) from ever happening.
  workerIdleMemoryLimit: '1KB',
  maxWorkers: 2,
};
