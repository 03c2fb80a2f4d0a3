/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Type-checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles
  // (isolatedModules in tsconfig.json), which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/main.test.ts', '<rootDir>/test/**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
};
