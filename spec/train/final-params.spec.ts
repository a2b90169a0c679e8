import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/dataset.js';
import { train } from '../../src/train/train.js';
import { NUMPY_TRAINING_PARAMS } from '../helpers/tolerances.js';

/** Final parameters of bench/numpy_template.py (its command is inside the fixture). */
const numpy = JSON.parse(readFileSync(new URL('../../fixtures/numpy/elements-hidden10-300-params.json', import.meta.url), 'utf8'));
const NUMPY_NAMES = { Wax: 'Wax', Waa: 'Waa', Wya: 'Wya', ba: 'b', by: 'by' } as const;

function maxAbsDiff(iterations: number): number {
  const r = train(loadDataset('elements'), { hidden: 10, iterations, lr: 0.01, clip: 5, every: 1_000_000, samples: 0 });
  let worst = 0;
  for (const [ours, theirs] of Object.entries(NUMPY_NAMES)) {
    const expected = (numpy.params[theirs] as number[][]).flat();
    const actual = r.params[ours as keyof typeof NUMPY_NAMES];
    expect(actual.length).toBe(expected.length);
    expected.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - actual[k]))));
  }
  return worst;
}

describe('training’s final parameters — the template loop, checked against numpy', () => {
  it('equal the independent numpy loop’s after 300 iterations, to rounding', () => {
    expect(maxAbsDiff(300)).toBeLessThanOrEqual(NUMPY_TRAINING_PARAMS);
  });

  it('differ clearly after one SGD step more, so an extra or missing step cannot pass', () => {
    expect(maxAbsDiff(301)).toBeGreaterThan(1e3 * NUMPY_TRAINING_PARAMS);
  });
});
