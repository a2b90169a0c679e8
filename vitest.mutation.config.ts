import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The specs StrykerJS runs for `npm run mutation`: the in-process specs of the folders it mutates
 * (src/reference, src/gradcheck, src/engine, src/conformance, and src/random which they use). Left
 * out: golden replays, training, the CLI, fuzz and docs specs, which are slow and reach the same code
 * through other layers; the conformance specs that only run python (cells-python) or the packed
 * package (package); and, by RNN_ORACLE_NO_PYTHON, the python-backed tests of the rest (each would
 * start python for every mutant it covers; they say "skipped: RNN_ORACLE_NO_PYTHON is set").
 *
 * mathjs is loaded from its one-file bundle (lib/browser/math.js, the same 15.x release) instead of
 * its 1,262 ES modules: Stryker's vitest runner starts a fresh worker thread for every mutant, so
 * every mutant re-imports mathjs, and the bundle loads in 0.26–1.2 s where the modules took 6–7.5 s
 * (load average 19 on 2 cores). The specs pass on it alike (at 2d4bd27: 162 passed, 1 expected
 * fail, 3 skipped, as on the modules).
 */
const mathjsBundle = fileURLToPath(new URL('./node_modules/mathjs/lib/browser/math.js', import.meta.url));

export default defineConfig({
  resolve: { alias: [{ find: /^mathjs$/, replacement: mathjsBundle }] },
  test: {
    include: ['spec/reference/**/*.spec.ts', 'spec/gradcheck/**/*.spec.ts', 'spec/engine/**/*.spec.ts', 'spec/random/**/*.spec.ts', 'spec/conformance/**/*.spec.ts'],
    exclude: ['spec/conformance/cells-python.spec.ts', 'spec/conformance/package.spec.ts'],
    env: { RNN_ORACLE_NO_PYTHON: '1' },
    testTimeout: 60_000,
    isolate: false,
  },
});
