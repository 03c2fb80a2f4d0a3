#!/usr/bin/env bash
# `npm run test:mutation [-- --mutate lib/<file>.ts]`: StrykerJS (stryker.config.mjs) with the
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
exit "$status"
