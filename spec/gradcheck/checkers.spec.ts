import { describe, expect, it } from 'vitest';
import { checkDirections } from '../../src/gradcheck/directional.js';
import { checkGradients, judge } from '../../src/gradcheck/elementwise.js';
import { formatCheckReport, formatDirectionalReport } from '../../src/gradcheck/format.js';
import { randomProblem } from '../../src/gradcheck/problem.js';
import { EPSILON, OWN_ROUNDINGS, RELATIVE_FLOOR, relativeError, SAFETY } from '../../src/gradcheck/tolerances.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { withEntry } from '../../src/reference/linalg.js';
import { lazy } from '../helpers/lazy.js';

const problem = lazy(() => randomProblem({ nA: 3, vocab: 4, T: 5, seed: 11 }));
const gradients = lazy(() => lossAndGradients(problem().params, problem().inputs, problem().targets, problem().a0).gradients);

describe('relativeError', () => {
  it('is |a − n| / max(|a|, |n|, floor), zero for equal values', () => {
    expect(relativeError(2, 2)).toBe(0);
    expect(relativeError(1, 1.5)).toBeCloseTo(0.5 / 1.5, 15);
    expect(relativeError(0, RELATIVE_FLOOR / 2)).toBe(0.5);
    expect(relativeError(NaN, 1)).toBeNaN();
  });
});

describe('judge', () => {
  it('allows SAFETY × (numerical error estimate + float64 floor + a few roundings of the values), no fixed budget', () => {
    const v = judge(2, 2 + 1e-9, 3e-10, 1e-10);
    expect(v.tolerance).toBeCloseTo(SAFETY * (3e-10 + 1e-10 + OWN_ROUNDINGS * EPSILON * (2 + 1e-9)), 20);
    expect(v).toMatchObject({ pass: true, estimate: 3e-10, floor: 1e-10 });
    expect(judge(2, 2 + 1e-8, 3e-10, 1e-10).pass).toBe(false);
    expect(judge(2, NaN, 0, 0).pass).toBe(false);
  });
});

describe('elementwise checkers', () => {
  it('report every parameter and a0, on the engine and on the mathjs reference alike', () => {
    for (const path of ['engine', 'reference'] as const) {
      for (const method of ['central', 'complex'] as const) {
        const r = checkGradients(problem(), method, gradients(), { path });
        expect(r.path).toBe(path);
        expect(r.slots.map((s) => s.slot)).toEqual(['Wax', 'Waa', 'Wya', 'ba', 'by', 'a0']);
        expect(r.pass, `${path} ${method}`).toBe(true);
        for (const s of r.slots) expect(s.error).toBeLessThanOrEqual(s.tolerance);
      }
    }
  });

  it('name the index of a planted error, show both values there, and say where the tolerance came from', () => {
    const planted = { ...gradients(), dWaa: withEntry(gradients().dWaa, 2, 1, 0.5) };
    for (const method of ['central', 'complex'] as const) {
      const report = checkGradients(problem(), method, planted);
      const waa = report.slots.find((s) => s.slot === 'Waa')!;
      expect(report.pass).toBe(false);
      expect(waa).toMatchObject({ pass: false, worstIndex: [2, 1], analytic: 0.5, failures: 1 });
      expect(Math.abs(waa.numeric - (gradients().dWaa.get([2, 1]) as number))).toBeLessThan(waa.tolerance);
      expect(report.slots.filter((s) => !s.pass).map((s) => s.slot)).toEqual(['Waa']);
      const text = formatCheckReport(report);
      expect(text).toMatch(/Waa\s+NOT OK\s+\[2, 1\]\s+5\.000000000000e-1 .* > \d\.\de-\d+ {2}cond \d/);
      expect(text).toMatch(/^Waa \[2, 1\]: error .* > tolerance .* = 10 × \(numerical error .* \+ float64 floor .*\), cond .*; 1 entry fails$/m);
      expect(text).toMatch(/FAILED: Waa$/);
      expect(text).toMatch(/^Wax\s+OK\s+.* ≤ /m);
    }
  });
});

describe('directional checkers', () => {
  it('agree with BPTT along random unit directions, within each comparison’s tolerance', () => {
    const big = randomProblem({ nA: 12, vocab: 6, T: 8, seed: 2 });
    for (const method of ['central', 'complex'] as const) {
      const report = checkDirections(big, method, 4, 1);
      expect(report.directions).toHaveLength(4);
      expect(report.pass).toBe(true);
      expect(formatDirectionalReport(report)).toMatch(/all 4 directions pass$/);
    }
  });

  it('fail when the gradient is wrong, showing error, tolerance and its origin', () => {
    const wrong = { ...gradients(), dby: withEntry(gradients().dby, 0, 0, 3) };
    expect(checkDirections(problem(), 'complex', 3, 0).pass).toBe(true);
    const bad = checkDirections(problem(), 'complex', 3, 0, wrong, { path: 'reference' });
    expect(bad.pass).toBe(false);
    expect(bad.path).toBe('reference');
    const text = formatDirectionalReport(bad);
    expect(text).toMatch(/^direction \d: error .* > tolerance .* = 10 × \(numerical error/m);
    expect(text).toMatch(/FAILED: \d of 3 directions$/);
  });
});

describe('no verdict', () => {
  it('is what a passing comparison says when its tolerance is not below the values (float64 cannot resolve them)', () => {
    const vacuous = judge(1e-3, 5e-3, 1, 0);
    expect(vacuous).toMatchObject({ pass: true, conclusive: false });
    expect(judge(1, 1 + 1e-12, 1e-10, 0).conclusive).toBe(true);
    const wild = randomProblem({ nA: 30, vocab: 4, T: 300, seed: 5, scale: 3 }); // cond ≈ 6e+17
    const report = checkDirections(wild, 'complex', 2, 0);
    expect(report).toMatchObject({ pass: true, conclusive: false });
    const text = formatDirectionalReport(report);
    expect(text).toMatch(/^1\s+NO VERDICT /m);
    expect(text).toMatch(/^NO VERDICT for 2 of 2 directions: .*cond up to \de\+1\d/m);
  });
});
