import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exactLog } from '../../src/random/exact-log.js';

/** Correctly rounded logs computed with python's decimal module at 50 digits (numpy_random.py). */
const { log_correctly_rounded: cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/random/numpy-vectors.json', import.meta.url), 'utf8'),
) as { log_correctly_rounded: [number, number][] };

describe('exactLog — the correctly rounded logarithm behind randn', () => {
  it('equals the 50-digit logarithm rounded to double for 2000 arguments from subnormal to huge', () => {
    const wrong = cases.filter(([x, log]) => exactLog(x) !== log);
    expect(wrong).toEqual([]);
    expect(cases.length).toBeGreaterThan(2000);
  });

  it('follows Math.log outside (0, ∞): zero, negatives, NaN and infinity', () => {
    expect(exactLog(0)).toBe(-Infinity);
    expect(exactLog(-1)).toBeNaN();
    expect(exactLog(NaN)).toBeNaN();
    expect(exactLog(Infinity)).toBe(Infinity);
  });
});
