import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { formatCheckpoint, train } from '../../src/train/train.js';

/** Printed by bench/numpy_template.py (an independent numpy loop); see fixtures/numpy/README.md. */
const numpyLog = (hidden: number) =>
  readFileSync(new URL(`../../fixtures/numpy/elements-hidden${hidden}-4001.txt`, import.meta.url), 'utf8');

describe('training prints the numpy template’s log digit for digit', () => {
  for (const hidden of [50, 100]) {
    it(`matches the numpy loop on elements with nA = ${hidden} at iterations 0, 2000 and 4000`, () => {
      let log = '';
      const config = { hidden, iterations: 4001, lr: 0.01, clip: 5, every: 2000, samples: 7 };
      const result = train(loadDataset('elements'), config, { onCheckpoint: (c) => (log += formatCheckpoint(c)) });
      expect(result.diverged).toBeUndefined();
      expect(result.checkpoints.map((c) => c.iteration)).toEqual([0, 2000, 4000]);
      expect(log).toBe(numpyLog(hidden));
    });
  }
});
