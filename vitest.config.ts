import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    testTimeout: 30_000,
    isolate: false,
    // Two spec files at a time: vitest's default is one fewer than the cores, one on our 2-core
    // machines. Measured idle: 43 s with one worker, 29 s with two.
    maxWorkers: 2,
    // The default reporter, with its closing summary moved after the coverage line (see the file).
    reporters: ['./spec/helpers/verdict-reporter.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Nothing long on the terminal: the per-file table and the totals go to coverage/;
      // spec/helpers/verdict-reporter.ts prints the totals as one line.
      reporter: [['text', { file: 'coverage.txt' }], ['json-summary', {}]],
      thresholds: { lines: 95, branches: 90 },
    },
  },
});
