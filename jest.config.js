/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Type-checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles
  // (isolatedModules in tsconfig.json), which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/main.test.ts', '<rootDir>/test/**/*.test.ts'],
  // Each test file's temporary directories are removed after it (test/support/synth.ts tempDir).
  setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
  // ... and the run fails if any is left behind anyway.
  globalSetup: '<rootDir>/test/support/tmp-guard-setup.js',
  globalTeardown: '<rootDir>/test/support/tmp-guard-teardown.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
};
