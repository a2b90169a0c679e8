/**
 * Setup for the mutation specs only (vitest.mutation.config.ts): properties that do not give their
 * own numRuns run 25 cases instead of fast-check's 100. Every mutant runs all the tests that reach
 * it until one fails, so the properties' length is most of a survivor's time. A mutant killed here
 * is killed by `npm test` too; one that survives might still be killed by the full 100 runs, so the
 * score is, if anything, low.
 *
 * In a mutant's run (Stryker provides mode "mutant"), it also sets `countsOff` on Stryker's
 * namespace, which turns off the coverage counting Stryker reads only after the dry run
 * (vitest.mutation.config.ts says how and what it saves), and gives each test its own hit limit
 * (spec/helpers/mutation-hit-limit.ts).
 *
 * STRYKER_PROFILE=<dir> writes, per Stryker worker process, a line as each spec file starts and
 * ends in a mutant's run: time in ms, mutant id, start|end, file. scripts/mutation-profile.mjs
 * reads them beside the run's report and says where the time went.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { hitLimitPerTest } from './mutation-hit-limit.js';

export const MUTATION_NUM_RUNS = 25;
fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: MUTATION_NUM_RUNS });

const injected = inject as (key: string) => unknown;
const mode = injected('mode');
const stryker = ((globalThis as { __stryker__?: Record<string, unknown> }).__stryker__ ??= {});
stryker.countsOff = mode === 'mutant';
// A kept worker thread (vitest.mutation.config.ts) carries over, from the previous mutant's run,
// the modules it evaluated and Stryker's namespace. A new mutant's run starts as in a new thread:
// no module evaluated (src/ and spec/ are loaded afresh after this file) and no mutant active while
// they load (Stryker activates a runtime mutant before the tests; a static one, before this file).
const run = injected('activeMutant');
if (mode === 'mutant' && stryker.run !== run) {
  stryker.run = run;
  if (injected('mutantActivation') !== 'static') stryker.activeMutant = undefined;
  const modules = (globalThis as { __vitest_worker__?: { evaluatedModules?: { clear?: () => void } } }).__vitest_worker__?.evaluatedModules;
  if (typeof modules?.clear !== 'function') throw new Error('mutation-setup: vitest’s worker state has changed shape; see vitest.mutation.config.ts');
  modules.clear();
}
hitLimitPerTest(mode, injected('hitLimit'));

const profile = process.env.STRYKER_PROFILE;
if (profile && mode === 'mutant') {
  const line = (what: string) => () => {
    const file = (expect.getState().testPath ?? '?').replace(/^.*\/spec\//, 'spec/');
    appendFileSync(`${profile}/${process.pid}.log`, `${Date.now()} ${String(injected('activeMutant'))} ${what} ${file}\n`);
  };
  beforeAll(line('start'));
  afterAll(line('end'));
}
