/**
 * Setup for the mutation specs only (vitest.mutation.config.ts): properties that do not give their
 * own numRuns run 25 cases instead of fast-check's 100. Every mutant runs all the tests that reach
 * it until one fails, so the properties' length is most of a survivor's time. A mutant killed here
 * is killed by `npm test` too; one that survives might still be killed by the full 100 runs, so the
 * score is, if anything, low.
 */
import fc from 'fast-check';

export const MUTATION_NUM_RUNS = 25;
fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: MUTATION_NUM_RUNS });
