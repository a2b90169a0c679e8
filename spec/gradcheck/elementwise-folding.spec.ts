import { describe, expect, it } from 'vitest';
import { lazy } from '../helpers/lazy.js';
import { float64Floor } from '../../src/gradcheck/conditioning.js';
import { checkGradients, complexRounding, judge, SlotTally, type Verdict } from '../../src/gradcheck/elementwise.js';
import { evaluatorFor, mapSlots, type Evaluator } from '../../src/gradcheck/evaluator.js';
import { randomProblem } from '../../src/gradcheck/problem.js';
import { EPSILON, OWN_ROUNDINGS, SAFETY } from '../../src/gradcheck/tolerances.js';

/** A verdict with only the fields the tally reads set by hand. */
const verdict = (analytic: number, error: number, tolerance: number, conclusive = true): Verdict => ({
  analytic, numeric: analytic + error, error, tolerance, estimate: 0, floor: 0, cond: 0, pass: error <= tolerance, conclusive,
});
const rowOf = (...vs: Verdict[]) => {
  const tally = new SlotTally();
  vs.forEach((v, k) => tally.add(v, [0, k]));
  return tally.row();
};

describe('SlotTally — the worst entry is the one with the largest error / tolerance', () => {
  it('ranks by the ratio, not the error or the product', () => {
    expect(rowOf(verdict(1, 0.1, 10), verdict(1, 0.5, 1)).worstIndex).toEqual([0, 1]);
    expect(rowOf(verdict(1, 0.5, 1), verdict(1, 1, 10)).worstIndex).toEqual([0, 0]);
  });

  it('ranks an entry of zero tolerance as infinitely bad when it has any error or a NaN one, and harmless when it has none', () => {
    expect(rowOf(verdict(1, 0.5, 1), verdict(1, 1, 0)).worstIndex).toEqual([0, 1]);
    expect(rowOf(verdict(1, 0.5, 1), verdict(1, NaN, 0)).worstIndex).toEqual([0, 1]);
    expect(rowOf(verdict(1, 0.5, 1), verdict(1, 0, 0)).worstIndex).toEqual([0, 0]);
  });

  it('takes conclusive from the entry of largest |analytic|, the first of equals', () => {
    expect(rowOf(verdict(0.1, 0, 1, false), verdict(2, 0, 1, true)).conclusive).toBe(true);
    expect(rowOf(verdict(2, 0, 1, true), verdict(-2, 0, 1, false)).conclusive).toBe(true);
  });
});

describe('judge — the own-rounding term and conclusiveness use the larger of the two values', () => {
  it('scales the own roundings with max(|analytic|, |numeric|)', () => {
    expect(judge(1, 3, 0, 0).tolerance).toBe(SAFETY * OWN_ROUNDINGS * EPSILON * 3);
    expect(judge(-3, 1, 0, 0).tolerance).toBe(SAFETY * OWN_ROUNDINGS * EPSILON * 3);
  });

  it('is conclusive when the tolerance is below the larger value though above the smaller', () => {
    expect(judge(0, 1, 0.05, 0).conclusive).toBe(true);
    expect(judge(1, 0, 0.05, 0).conclusive).toBe(true);
  });
});

describe('complexRounding', () => {
  it('adds ε × the per-step magnitude to the floor', () => {
    expect(complexRounding(1e-10, 1e6)).toBe(1e-10 + EPSILON * 1e6);
  });
});

describe('checkGradients — one numerical method per check, slots folded into the report', () => {
  const problem = lazy(() => randomProblem({ nA: 2, vocab: 2, T: 3, seed: 6 }));
  const real = lazy(() => evaluatorFor(problem(), 'engine'));
  const floor = lazy(() => float64Floor(real()));
  const refusing = (method: keyof Evaluator): Evaluator => ({
    ...real(),
    [method]: () => {
      throw new Error(`${method} is not the method asked for`);
    },
  });

  it('never evaluates central differences for a complex-step check, nor complex steps for a central one', () => {
    expect(checkGradients(problem(), 'complex', undefined, { evaluator: refusing('lossesWithEntries'), floor: floor() }).pass).toBe(true);
    expect(checkGradients(problem(), 'central', undefined, { evaluator: refusing('complexPartials'), floor: floor() }).pass).toBe(true);
  });

  it('is conclusive only when every slot is', () => {
    expect(checkGradients(problem(), 'complex', undefined, { evaluator: real(), floor: floor() }).conclusive).toBe(true);
    const blurred: Evaluator = {
      ...real(),
      complexPartials: (h, onProgress) => {
        const c = real().complexPartials(h, onProgress);
        return { value: c.value, magnitude: mapSlots((s) => (s === 'by' ? c.magnitude[s].map(() => 1e20) : c.magnitude[s])) };
      },
    };
    const report = checkGradients(problem(), 'complex', undefined, { evaluator: blurred, floor: floor() });
    expect(report.slots.map((s) => s.conclusive)).toEqual([true, true, true, true, false, true]);
    expect(report.conclusive).toBe(false);
  });
});
