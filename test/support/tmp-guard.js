/**
 * Fails the run when tests leave directories in the OS temp dir (jest globalSetup and
 * globalTeardown): the names cdk8s and this suite use are compared before and after.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const STATE = path.join(os.tmpdir(), `.cdk8s-tracing-tmp-guard-${process.pid}.json`);
const OURS = /^(cdk8s[.-]|tracing-)/;

function ours() {
  return fs.readdirSync(os.tmpdir()).filter((name) => OURS.test(name));
}

module.exports = {
  setup() {
    fs.writeFileSync(STATE, JSON.stringify(ours()));
  },
  teardown() {
    const before = new Set(JSON.parse(fs.readFileSync(STATE, 'utf8')));
    fs.rmSync(STATE, { force: true });
    const left = ours().filter((name) => !before.has(name));
    if (left.length) {
      throw new Error(`tests left ${left.length} temporary directories in ${os.tmpdir()}: ${left.slice(0, 5).join(', ')}; `
        + 'make them with tempDir() from test/support/synth.ts (removed after each test file)');
    }
  },
};
