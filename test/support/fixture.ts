/**
 * What the tests of a file or `describe` share (a synthesized stack, a parsed config), built when
 * a test first reads it rather than when the file loads.
 *
 * Under mutation testing (test/support/mutation-setup.ts turns PER_TEST on) it is rebuilt in each
 * test that reads it while StrykerJS measures coverage. StrykerJS runs, for each mutant, the
 * tests that executed the mutated code, and it learns that by which test was running when the
 * code ran: code run while a file loads belongs to no test, so a file that synthesized its stack
 * at load would have its assertions run against no mutant at all. In a normal run it is built
 * once, so `npm test` pays nothing for it.
 */
export function fixture<T>(build: () => T): () => T {
  let built: { value: T; test: string | undefined } | undefined;
  return () => {
    const test = PER_TEST.on && !mutantActive() ? expect.getState().currentTestName : undefined;
    if (!built || built.test !== test) built = { value: build(), test };
    return built.value;
  };
}

/** Whether fixtures are rebuilt in every test (mutation testing only). */
export const PER_TEST = { on: false };

/**
 * Whether a mutant is active: StrykerJS learns which tests cover which code in its first run (no
 * mutant active), then runs each mutant with the tests that cover it. Only that first run needs
 * the fixtures rebuilt per test; with a mutant active, the whole run sees the same mutated code,
 * so a fixture built once per file is judged exactly the same, in a fraction of the time.
 */
function mutantActive(): boolean {
  return process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined;
}
