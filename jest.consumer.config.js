/** @type {import('jest').Config} */
// The consumer tier: the library packed with `npm pack`, installed from the tarball into a fresh
// cdk8s app (test/consumer/app) and used there as another team would. Set up like the e2e tier
// (one file at a time, long timeouts); its own tier because packing compiles the library with
// jsii, which npm test's API check also does: two compiles writing build/ at once would race.
module.exports = {
  ...require('./jest.e2e.config.js'),
  testMatch: ['<rootDir>/test/consumer/**/*.consumer.ts'],
  // The scratch directories a test file's charts made go with it.
  setupFilesAfterEnv: ['<rootDir>/test/support/cleanup.ts'],
};
