import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { train } from '../../src/train/train.js';

/** The smoothed loss at iteration 0 and at 2000, for nA = 50 on the element names. */
function lossAt2000(lr: number): { start: number; end: number; diverged: boolean } {
  const r = train(loadDataset('elements'), { hidden: 50, iterations: 2001, lr, clip: 5, every: 2000, samples: 0 });
  return { start: r.checkpoints[0].loss, end: r.checkpoints.at(-1)!.loss, diverged: r.diverged !== undefined };
}

describe('errata — §4.1’s learning rate 0.1 does not train (docs/errata.md)', () => {
  it('at 0.1 the smoothed loss rises instead of falling, or the run diverges, where 0.01 makes it fall', () => {
    const high = lossAt2000(0.1);
    expect(high.diverged || high.end > high.start).toBe(true);
    const template = lossAt2000(0.01);
    expect(template.diverged).toBe(false);
    expect(template.end).toBeLessThan(template.start);
  });
});
