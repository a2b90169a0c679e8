import { defineConfig } from 'vitest/config';

/**
 * The specs StrykerJS runs for `npm run mutation`: the in-process specs of the folders it mutates
 * (src/reference, src/gradcheck, src/engine, and src/random which they use). Left out: golden
 * replays, training, the conformance kit, python-backed examples and the CLI specs, which are slow
 * and reach the same code through other layers.
 */
export default defineConfig({
  test: {
    include: ['spec/reference/**/*.spec.ts', 'spec/gradcheck/**/*.spec.ts', 'spec/engine/**/*.spec.ts', 'spec/random/**/*.spec.ts'],
    testTimeout: 60_000,
    isolate: false,
  },
});
