// @ts-check
/**
 * npm run mutation: StrykerJS 9.6 (10.x needs Node 22) with the vitest runner and per-test
 * coverage, over the maths and the kit: src/reference, src/engine, src/gradcheck, src/conformance. MUTATE_FOLDER picks one
 * pass, a folder or part of one (`passes` below; scripts/mutation.sh runs them one at a time, so a
 * long run yields reports as it goes);
 * MUTATE_NAME names the reports and the sandbox of a run given `--mutate <files>` (default: the
 * folder, or "all"), so runs of different names can go on side by side.
 *
 * Time limit of one mutant: timeoutFactor × (its covering tests' time in the dry run) + timeoutMS,
 * Stryker's defaults (1.5, 5 s). The mutants that hit it are endless loops (`i++` → `i--` over a
 * typed array); they count as detected however long we wait, and each waited out 2 × + 10 s of
 * tests that can take 10 s or more when a mutant in the engine's inner loops is reached by 50–80
 * tests. The dry run and the mutants run under the same load (2 workers on 2 cores), so a mutant
 * whose tests merely run at their usual speed stays well inside 1.5 ×.
 *
 * Static mutants (in code that runs while a module loads, not inside a test) make Stryker rerun
 * every spec, in a fresh worker, for each of them. The specs build their fixtures inside tests
 * (spec/helpers/lazy.ts), so in reference, engine and gradcheck only module-level constants are
 * static (a few dozen), and they are tested. src/conformance holds its catalogues, schemas and
 * vector tables as module-level constants: 558 static mutants, ~20 s each, hours. That folder
 * alone runs with ignoreStatic: its static mutants are reported as Ignored, outside its score, and
 * `npm run mutation:summary` counts them.
 */
/**
 * src/conformance's floating-point loops: the conditioning study's perturbed evaluations
 * (conditioning.ts, rounded.ts) and the double-double arithmetic under the exact expected values.
 * Instrumented, they run 1.5 billion of Stryker's coverage counts over spec/conformance (measured with a
 * probe setup in a dry run's sandbox), and every spec of the folder that evaluates a case runs
 * through them. Mutating them in a pass of their own ("conformance-loops") leaves the rest of the folder's
 * mutants with uninstrumented loops: spec/conformance then runs in 22 s instead of 44 s in the sandbox
 * (13 s uninstrumented). Every mutant is still tested, once, by the same specs.
 */
const conformanceLoops = ['conditioning', 'rounded', 'double-double', 'double-double-math'].map((f) => `src/conformance/${f}.ts`);
const passes = {
  reference: ['src/reference/**/*.ts'],
  engine: ['src/engine/**/*.ts'],
  gradcheck: ['src/gradcheck/**/*.ts'],
  conformance: ['src/conformance/**/*.ts', ...conformanceLoops.map((f) => `!${f}`)],
  'conformance-loops': conformanceLoops,
};
const folder = process.env.MUTATE_FOLDER;
if (folder && !(folder in passes)) throw new Error(`MUTATE_FOLDER=${folder}: not one of ${Object.keys(passes).join(', ')}`);
const name = process.env.MUTATE_NAME ?? folder ?? 'all';
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Stryker's vitest runner runs, in its dry run, only the spec files whose static imports reach the
  // mutated files (`related`). Specs that reach them by a dynamic import (vectors-fresh.spec.ts) or
  // through the CLI are then left out, and the suites' coverage goes to whichever test built them
  // first. STRYKER_ALL_SPECS=on runs every spec of the mutation config in the dry run instead: on
  // vectors.ts, cells/vectors.ts and 66 mutants of conditioning.ts and rounded.ts it turned 279 of
  // 281 survivors into kills and lost none (docs/mutation.md); its time over full passes is not
  // measured yet, so it is not the default.
  vitest: { configFile: 'vitest.mutation.config.ts', related: process.env.STRYKER_ALL_SPECS !== 'on' },
  coverageAnalysis: 'perTest',
  mutate: [...(folder ? passes[folder] : Object.values(passes).flat()), '!src/engine/kernels-wasm.ts', '!src/**/index.ts'],
  checkers: [],
  ignoreStatic: folder?.startsWith('conformance') ?? false,
  concurrency: 2,
  timeoutMS: 5000,
  timeoutFactor: 1.5,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  tempDirName: `.stryker-tmp/${name}`,
  // Stryker leaves only its own sandbox and reports out of the copy; leave out those of other runs too.
  ignorePatterns: ['/.stryker-tmp', '/reports'],
};
