// @ts-check
/**
 * npm run mutation: StrykerJS 9.6 (10.x needs Node 22) with the vitest runner and per-test
 * coverage, over the maths and the kit: src/reference, src/engine, src/gradcheck, src/conformance. MUTATE_FOLDER picks one
 * folder (scripts/mutation.sh runs them one at a time, so a long run yields reports as it goes);
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
 * vector tables as module-level constants: about 560 static mutants, ~20 s each, hours. That folder
 * alone runs with ignoreStatic: its static mutants are reported as Ignored, outside its score, and
 * `npm run mutation:summary` counts them.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const folder = process.env.MUTATE_FOLDER;
const folders = folder ? [folder] : ['reference', 'engine', 'gradcheck', 'conformance'];
const name = process.env.MUTATE_NAME ?? folder ?? 'all';
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [...folders.map((f) => `src/${f}/**/*.ts`), '!src/engine/kernels-wasm.ts', '!src/**/index.ts'],
  checkers: [],
  ignoreStatic: folder === 'conformance',
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
