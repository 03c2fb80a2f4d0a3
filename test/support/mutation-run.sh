#!/usr/bin/env bash
# `npm run test:mutation [-- --mutate lib/<file>.ts]`: StrykerJS (stryker.config.js) with the
# tests' scratch directories in a folder of its own. Under mutation testing Jest runs only the
# tests that cover a mutant, and a test file none of whose tests run skips its afterAll, which
# removes them (test/support/cleanup.ts): thousands would pile up in /tmp over a run.
set -u
cd "$(dirname "$0")/../.."
scratch="$(pwd)/.stryker-tmp/scratch"
mkdir -p "$scratch"
TMPDIR="$scratch" npx stryker run "$@"
status=$?
rm -rf "$scratch"
# Every listed module at or above the break threshold, from the results of all runs so far.
node --require tsx/cjs test/support/mutation-report.ts || status=1
exit "$status"
