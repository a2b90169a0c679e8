/**
 * Setup for the mutation specs only (vitest.mutation.config.ts): properties that do not give their
 * own numRuns run 25 cases instead of fast-check's 100. Every mutant runs all the tests that reach
 * it until one fails, so the properties' length is most of a survivor's time. A mutant killed here
 * is killed by `npm test` too; one that survives might still be killed by the full 100 runs, so the
 * score is, if anything, low.
 *
 * In a mutant's run (Stryker provides mode "mutant"), it also sets `countsOff` on Stryker's
 * namespace, which turns off the coverage counting Stryker reads only after the dry run
 * (vitest.mutation.config.ts says how and what it saves).
 */
import fc from 'fast-check';
import { inject } from 'vitest';

export const MUTATION_NUM_RUNS = 25;
fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: MUTATION_NUM_RUNS });

const mode = (inject as (key: string) => unknown)('mode');
const stryker = ((globalThis as { __stryker__?: Record<string, unknown> }).__stryker__ ??= {});
stryker.countsOff = mode === 'mutant';
