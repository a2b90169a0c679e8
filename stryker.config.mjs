// @ts-check
/**
 * npm run mutation: StrykerJS 9.6 (10.x needs Node 22) with the vitest runner and per-test
 * coverage, over the maths: src/reference, src/engine, src/gradcheck. MUTATE_FOLDER picks one
 * folder (scripts/mutation.sh runs them one at a time, so a long run yields reports as it goes).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const folder = process.env.MUTATE_FOLDER;
const folders = folder ? [folder] : ['reference', 'engine', 'gradcheck'];
const name = folder ?? 'all';
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [...folders.map((f) => `src/${f}/**/*.ts`), '!src/engine/kernels-wasm.ts', '!src/**/index.ts'],
  checkers: [],
  concurrency: 2,
  timeoutMS: 60000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  tempDirName: '.stryker-tmp',
};
