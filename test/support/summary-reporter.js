/**
 * Prints one plain closing line, `tests: N passed, N failed[, N skipped]`, after jest's own
 * summary, so CI systems that read a closing line (not jest's table) count the tests.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`
      + (skipped ? `, ${skipped} skipped` : '');
    process.stdout.write(`${line}\n`);
  }
}
module.exports = SummaryReporter;
