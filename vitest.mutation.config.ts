import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The specs StrykerJS runs for `npm run mutation`: the in-process specs of the folders it mutates
 * (src/reference, src/gradcheck, src/engine, and src/random which they use). Left out: golden
 * replays, training, the conformance kit, python-backed examples and the CLI specs, which are slow
 * and reach the same code through other layers.
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
    include: ['spec/reference/**/*.spec.ts', 'spec/gradcheck/**/*.spec.ts', 'spec/engine/**/*.spec.ts', 'spec/random/**/*.spec.ts'],
    testTimeout: 60_000,
    isolate: false,
  },
});
