import { defineConfig } from 'vitest/config';

/**
 * The specs StrykerJS runs for `npm run mutation`: the fast, in-process specs of the folders it
 * mutates. Left out: golden replays, the numpy-agreement training run, python-backed examples and
 * the README/CLI specs, which are slow and test the same code through the command line.
 */
export default defineConfig({
  test: {
    include: ['spec/reference/**/*.spec.ts', 'spec/gradcheck/**/*.spec.ts', 'spec/engine/**/*.spec.ts', 'spec/conformance/**/*.spec.ts', 'spec/random/**/*.spec.ts'],
    exclude: ['spec/examples/**', 'spec/golden/**'],
    testTimeout: 60_000,
    isolate: false,
  },
});
