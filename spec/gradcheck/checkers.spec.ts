import { describe, expect, it } from 'vitest';
import { checkDirections } from '../../src/gradcheck/directional.js';
import { checkGradients } from '../../src/gradcheck/elementwise.js';
import { formatCheckReport, formatDirectionalReport } from '../../src/gradcheck/format.js';
import { randomProblem } from '../../src/gradcheck/problem.js';
import { CENTRAL_BUDGET, COMPLEX_BUDGET, RELATIVE_FLOOR, relativeError } from '../../src/gradcheck/tolerances.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { withEntry } from '../../src/reference/linalg.js';

const problem = randomProblem({ nA: 3, vocab: 4, T: 5, seed: 11 });
const { gradients } = lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0);

describe('relativeError', () => {
  it('is |a − n| / max(|a|, |n|, floor), zero for equal values', () => {
    expect(relativeError(2, 2)).toBe(0);
    expect(relativeError(1, 1.5)).toBeCloseTo(0.5 / 1.5, 15);
    expect(relativeError(0, RELATIVE_FLOOR / 2)).toBe(0.5);
    expect(relativeError(NaN, 1)).toBeNaN();
  });
});

describe('elementwise checkers', () => {
  it('report every parameter and a0 with its budget: 1e-6 central, 1e-12 complex', () => {
    const central = checkGradients(problem, 'central');
    const complex = checkGradients(problem, 'complex');
    expect(central.budget).toBe(CENTRAL_BUDGET);
    expect(complex.budget).toBe(COMPLEX_BUDGET);
    for (const r of [central, complex]) {
      expect(r.slots.map((s) => s.slot)).toEqual(['Wax', 'Waa', 'Wya', 'ba', 'by', 'a0']);
      expect(r.pass).toBe(true);
    }
  });

  it('name the index of a planted error and show the analytic and numeric values there', () => {
    const planted = { ...gradients, dWaa: withEntry(gradients.dWaa, 2, 1, 0.5) };
    for (const method of ['central', 'complex'] as const) {
      const report = checkGradients(problem, method, planted);
      const waa = report.slots.find((s) => s.slot === 'Waa')!;
      expect(report.pass).toBe(false);
      expect(waa).toMatchObject({ pass: false, worstIndex: [2, 1], analytic: 0.5 });
      expect(Math.abs(waa.numeric - (gradients.dWaa.get([2, 1]) as number))).toBeLessThan(1e-6);
      expect(report.slots.filter((s) => !s.pass).map((s) => s.slot)).toEqual(['Waa']);
      expect(formatCheckReport(report)).toMatch(/Waa\s+NOT OK .*\[2, 1\]\s+5\.000000000000e-1/);
      expect(formatCheckReport(report)).toMatch(/FAILED: Waa$/);
    }
  });
});

describe('directional checkers', () => {
  it('agree with BPTT along random unit directions, within each method’s budget', () => {
    const big = randomProblem({ nA: 12, vocab: 6, T: 8, seed: 2 });
    for (const method of ['central', 'complex'] as const) {
      const report = checkDirections(big, method, 4, 1);
      expect(report.directions).toHaveLength(4);
      expect(report.pass).toBe(true);
      expect(formatDirectionalReport(report)).toMatch(/all 4 directions pass$/);
    }
  });

  it('fail when the gradient is wrong', () => {
    const wrong = { ...gradients, dby: withEntry(gradients.dby, 0, 0, 3) };
    const report = checkDirections(problem, 'complex', 3, 0);
    expect(report.pass).toBe(true);
    const bad = checkDirectionsWith(wrong);
    expect(bad.pass).toBe(false);
    expect(formatDirectionalReport(bad)).toMatch(/FAILED: max relative error/);
  });
});

function checkDirectionsWith(g: typeof gradients) {
  return checkDirections(problem, 'complex', 3, 0, g);
}
