/**
 * The test environment of `npm run test:mutation` (jest.mutation.config.js): Jest's node
 * environment, plus a bail Jest cannot do programmatically. StrykerJS runs each mutant with every
 * test that covers it; once one has failed the mutant is killed, and the rest (hundreds, for a
 * config every construct builds) would only spend the time the run needs for the next mutant.
 * After a failure under the active mutant, the tests still to start are skipped.
 */
const { TestEnvironment } = require('jest-environment-node');

/** The mutant a test has failed under (this module is loaded once per worker process). */
let killed;

class MutationTestEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
    if (mutant === undefined) return; // the coverage run: every test runs
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') killed = mutant;
    if (event.name === 'test_start' && killed === mutant) event.test.mode = 'skip';
  }
}

module.exports = MutationTestEnvironment;
