import { describe, expect, it } from 'vitest';
import type { Float64Floor } from '../../src/gradcheck/conditioning.js';
import { checkDirections, randomDirection } from '../../src/gradcheck/directional.js';
import { flatGradients, flatMatrices, mapSlots, type Evaluator, type Flat } from '../../src/gradcheck/evaluator.js';
import { randomProblem, SLOTS } from '../../src/gradcheck/problem.js';
import { EPSILON, SAFETY } from '../../src/gradcheck/tolerances.js';
import { NumpyRandom } from '../../src/random/numpy.js';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { lazy } from '../helpers/lazy.js';
import { ROUNDING } from '../helpers/tolerances.js';

/** The fixture, built on first use inside a test (spec/helpers/lazy.ts). */
const fixture = lazy(() => {
  const problem = randomProblem({ nA: 2, vocab: 2, T: 3, seed: 4 });
  const g = flatGradients(lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0).gradients);
  const n = SLOTS.reduce((s, slot) => s + g[slot].length, 0);
  /** Hand-made floor fields: distinct, sign-mixed values, so every sum below has a single right answer. */
  const filled = (f: (i: number) => number): Flat => {
    let i = 0;
    return mapSlots((s) => Float64Array.from(g[s], () => f(i++)));
  };
  const floor: Float64Floor = {
    loss: 1,
    lossNoise: 1e-16,
    gradient: filled((i) => (i % 3) - 1.25 + i / 7),
    samples: [filled((i) => (i % 3) - 1.25 + i / 7 + 1e-9 * ((i % 2) - 0.5)), filled((i) => (i % 3) - 1.25 + i / 7 + 3e-9 * ((i % 5) - 2))],
    spread: filled(() => 0),
    terms: filled((i) => 1e-10 * (1 + (i % 4))),
  };
  return { problem, g, n, floor };
});

/** The directions checkDirections draws for seed 0, computed here through the same NumPy stream. */
const directions = (count: number): Flat[] => {
  const rng = new NumpyRandom(0);
  return Array.from({ length: count }, () => flatMatrices(randomDirection(fixture().problem, rng)));
};
const sum = (a: Flat, u: Flat, f: (x: number, y: number) => number) => SLOTS.reduce((s, slot) => a[slot].reduce((t, x, k) => t + f(x, u[slot][k]), s), 0);
const dot = (a: Flat, u: Flat) => sum(a, u, (x, y) => x * y);
const absDot = (a: Flat, u: Flat) => sum(a, u, (x, y) => Math.abs(x * y));
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(ROUNDING * Math.abs(expected));

/** An evaluator whose complex step returns the given values in turn and whose loss is linear along u, slope 0.5. */
function fakeEvaluator(steps: { value: (u: Flat) => number; magnitude: number }[]): Evaluator {
  let call = 0;
  return {
    path: 'engine',
    complexAlong: (u: Flat) => {
      const s = steps[call++];
      return { value: s.value(u), magnitude: s.magnitude };
    },
    lossAlong: (_u: Flat, h: number) => 2 + 0.5 * h,
  } as unknown as Evaluator;
}

describe('randomDirection', () => {
  it('has unit Euclidean norm over all slots together', () => {
    for (const u of directions(3)) near(Math.sqrt(dot(u, u)), 1);
  });
});

describe('checkDirections — each direction judged against the float64 floor of ∇L·u', () => {
  it('takes as floor the largest ulp-sample spread of ∇L·u plus Σ|termsₖuₖ| plus the dot rounding √n·ε·Σ|gₖuₖ|, and adds ε·magnitude for the complex step', () => {
    const { problem, g, n, floor } = fixture();
    const progress: number[][] = [];
    const ev = fakeEvaluator([{ value: (u) => dot(g, u), magnitude: 7 }, { value: (u) => dot(g, u), magnitude: 7 }]);
    const report = checkDirections(problem, 'complex', 2, 0, undefined, { evaluator: ev, floor, onProgress: (d, c) => progress.push([d, c]) });
    expect(progress).toEqual([[1, 2], [2, 2]]);
    directions(2).forEach((u, d) => {
      const ours = dot(floor.gradient, u);
      const spread = Math.max(...floor.samples.map((s) => Math.abs(dot(s, u) - ours))) + absDot(floor.terms, u);
      const dotRounding = Math.sqrt(n) * EPSILON * absDot(floor.gradient, u);
      const v = report.directions[d];
      near(v.floor, spread + dotRounding);
      near(v.estimate, spread + EPSILON * 7 + dotRounding);
      near(v.tolerance, SAFETY * (v.estimate + v.floor) + SAFETY * 8 * EPSILON * Math.abs(v.analytic));
    });
  });

  it('uses the complex step for method complex and the extrapolated central difference otherwise', () => {
    const { problem, floor } = fixture();
    const off = { value: () => 123, magnitude: 0 };
    expect(checkDirections(problem, 'complex', 1, 0, undefined, { evaluator: fakeEvaluator([off]), floor }).directions[0].numeric).toBe(123);
    near(checkDirections(problem, 'central', 1, 0, undefined, { evaluator: fakeEvaluator([off]), floor }).directions[0].numeric, 0.5);
  });

  it('fails the report when one direction fails, and reports the largest relative error', () => {
    const { problem, g, floor } = fixture();
    const ev = fakeEvaluator([{ value: (u) => dot(g, u), magnitude: 0 }, { value: (u) => dot(g, u) + 0.5, magnitude: 0 }]);
    const report = checkDirections(problem, 'complex', 2, 0, undefined, { evaluator: ev, floor });
    expect(report.directions.map((d) => d.pass)).toEqual([true, false]);
    expect(report.pass).toBe(false);
    expect(report.conclusive).toBe(true);
    expect(report.maxRelativeError).toBeGreaterThan(0);
    expect(report.maxRelativeError).toBe(report.directions[1].relativeError);
  });

  it('is inconclusive when one direction is, though every direction passes', () => {
    const { problem, g, floor } = fixture();
    const ev = fakeEvaluator([{ value: (u) => dot(g, u), magnitude: 0 }, { value: (u) => dot(g, u), magnitude: 1e30 }]);
    const report = checkDirections(problem, 'complex', 2, 0, undefined, { evaluator: ev, floor });
    expect(report.directions.map((d) => d.conclusive)).toEqual([true, false]);
    expect(report.pass).toBe(true);
    expect(report.conclusive).toBe(false);
  });
});
