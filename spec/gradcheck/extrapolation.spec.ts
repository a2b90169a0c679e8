import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extrapolate } from '../../src/gradcheck/extrapolation.js';
import { EPSILON, MIN_LEVELS, SAFETY } from '../../src/gradcheck/tolerances.js';

/** D(h) of a function with a known derivative at 0, evaluated in float64. */
const quotient = (f: (s: number) => number) => (h: number) => (f(h) - f(-h)) / (2 * h);

describe('extrapolate — Ridders’ central differences with an error estimate', () => {
  it('returns f′(0) within SAFETY × its own estimate for smooth functions of any scale, and the estimate is small', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: -300, max: 300 }), (w, c0) => {
        const c = c0 / 100;
        const f = (s: number) => Math.sin(w * s + c) + Math.exp(s);
        const exact = w * Math.cos(c) + 1;
        const r = extrapolate(quotient(f), EPSILON * 2);
        const estimate = r.truncation + r.rounding;
        expect(Math.abs(r.value - exact)).toBeLessThanOrEqual(SAFETY * estimate);
        expect(estimate).toBeLessThan(1e-6 * Math.max(1, w));
      }),
      { numRuns: 60 },
    );
  });

  it('halves the step until rounding would dominate, evaluating f at least 2·MIN_LEVELS times', () => {
    const r = extrapolate(quotient(Math.exp), EPSILON * 2);
    expect(r.evaluations).toBeGreaterThanOrEqual(2 * MIN_LEVELS);
    expect(r.rounding).toBeCloseTo((4 * EPSILON) / r.step, 30);
    const steep = extrapolate(quotient((s) => Math.tanh(1e5 * s)), EPSILON);
    expect(steep.step).toBeLessThan(1e-6);
    expect(Math.abs(steep.value - 1e5)).toBeLessThanOrEqual(SAFETY * (steep.truncation + steep.rounding));
  });

  it('reports a non-finite difference as the value, so that the check fails', () => {
    expect(extrapolate(() => NaN, EPSILON).value).toBeNaN();
  });
});
