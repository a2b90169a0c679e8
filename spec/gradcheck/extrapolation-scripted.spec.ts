import { describe, expect, it } from 'vitest';
import { extrapolate, riddersSteps, type Extrapolated } from '../../src/gradcheck/extrapolation.js';
import { FIRST_STEP, MAX_LEVELS, MIN_LEVELS } from '../../src/gradcheck/tolerances.js';

/** Runs Ridders' tableau on scripted values of D(h), one per row, the last repeated. */
function scripted(values: readonly number[], noise: number): Extrapolated {
  const steps = riddersSteps(noise);
  for (let k = 0, r = steps.next(); ; r = steps.next(values[Math.min(k++, values.length - 1)])) if (r.done) return r.value;
}

describe('riddersSteps — the tableau on scripted differences', () => {
  it('stops on an exact difference quotient after MIN_LEVELS rows and the confirming one, keeping the first exact entry', () => {
    const r = scripted([1], 0);
    expect(r).toEqual({ value: 1, truncation: 0, rounding: 0, step: FIRST_STEP / 4, evaluations: 2 * (MIN_LEVELS + 1) });
  });

  it('takes the confirming row after the kept value: its disagreement becomes the truncation estimate', () => {
    // rows 0–2 all 1 (kept: R[2][1] = 1), row 3 D = 1.75, so R[3][1] = (4·1.75 − 1)/3 = 2: disagreement 1
    const r = scripted([1, 1, 1, 1.75], 0);
    expect(r.value).toBe(1);
    expect(r.truncation).toBe(1);
    expect(r.evaluations).toBe(8);
  });

  it('gives up after MAX_LEVELS rows when the differences never settle', () => {
    const r = extrapolate((h) => Math.sin(1 / h), 0);
    expect(r.evaluations).toBe(2 * MAX_LEVELS);
  });

  it('stops after MIN_LEVELS rows with no value when the noise swamps every step', () => {
    const r = scripted([1], Infinity);
    expect(r.value).toBeNaN();
    expect(r.evaluations).toBe(2 * MIN_LEVELS);
  });
});
