import { PER_TEST } from './fixture';
/**
 * For `npm run test:mutation` only: a snapshot cannot tell a deliberate change from a regression,
 * so under mutation testing it asserts nothing and a mutant must be caught by a behavioural
 * assertion to count as killed.
 */
expect.extend({
  toMatchSnapshot() {
    return { pass: true, message: () => 'snapshots are not judged under mutation testing' };
  },
});

// Each test rebuilds what it reads, so StrykerJS credits it with the code that building runs.
PER_TEST.on = true;
