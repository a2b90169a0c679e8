/**
 * The float64 floor (conditioning.ts): how far float64 BPTT may honestly be from the exact
 * gradient. Judged against the exact gradient itself (double-double, src/conformance/exact.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateExact } from '../../src/conformance/exact.js';
import { conditionOf, float64Floor, floorOf } from '../../src/gradcheck/conditioning.js';
import { evaluatorFor, type Path } from '../../src/gradcheck/evaluator.js';
import { randomProblem, SLOTS, type Problem } from '../../src/gradcheck/problem.js';
import { EPSILON, RELATIVE_FLOOR, relativeError, SAFETY, ULP_RUNS, ULP_SIZE } from '../../src/gradcheck/tolerances.js';
import { fromRows } from '../../src/reference/linalg.js';
import { SATURATED_A0 } from './saturated-a0.js';

/** Per entry: |float64 BPTT − exact| and the floor the check would judge it with. */
function errorsAndFloors(problem: Problem, path: Path) {
  const exact = evaluateExact({ problem } as Parameters<typeof evaluateExact>[0]).gradients;
  const floor = float64Floor(evaluatorFor(problem, path));
  return SLOTS.flatMap((slot) => exact[slot].flat().map((e, k) => ({ at: `${slot}[${k}]`, error: Math.abs(floor.gradient[slot][k] - e), floor: floorOf(floor, slot, k) })));
}

/** Saturated models as the ill-conditioned specs draw them (weights N(0, 1–16), T = 20–100). */
const saturated = fc
  .record({ nA: fc.integer({ min: 2, max: 6 }), vocab: fc.integer({ min: 2, max: 5 }), T: fc.integer({ min: 20, max: 100 }), scale: fc.integer({ min: 10, max: 40 }).map((s) => s / 10), seed: fc.nat(10_000) })
  .map(randomProblem);

describe('the float64 floor of BPTT (conditioning.ts)', () => {
  it('bounds BPTT’s distance from the exact gradient on SATURATED_A0, tiny ∂L/∂a⟨0⟩ entries included, on both paths', () => {
    for (const path of ['reference', 'engine'] as const) {
      for (const e of errorsAndFloors(SATURATED_A0(), path)) expect(e.error, `${path} ${e.at}`).toBeLessThanOrEqual(e.floor);
    }
  });

  it('estimates the error rather than blanketing it: summed over every entry, within a factor 1000 of the summed error', () => {
    // measured: the summed floor is 27× the summed error on SATURATED_A0 and on the model below (bench/gradcheck-floor.mjs:
    // median entry 0.042); a floor 1000× the error would let mistakes of that size pass
    for (const p of [SATURATED_A0(), randomProblem({ nA: 4, vocab: 3, T: 60, seed: 7, scale: 2.5 })]) {
      const all = errorsAndFloors(p, 'engine');
      const sum = (f: (e: (typeof all)[number]) => number) => all.reduce((s, e) => s + f(e), 0);
      expect(sum((e) => e.error)).toBeGreaterThan(sum((e) => e.floor) / 1000);
    }
  });

  it('keeps BPTT within SAFETY floors of the exact gradient on random saturated models', () => {
    fc.assert(
      fc.property(saturated, (p) => {
        for (const e of errorsAndFloors(p, 'engine')) expect(e.error, e.at).toBeLessThanOrEqual(SAFETY * e.floor);
      }),
      { numRuns: 10 },
    );
  });

  it('adds up the rounding of 1 − a² when a saturated state recurs, as the same rounding recurs', () => {
    // Waa = 0, Wax = 0: a⟨t⟩ = tanh(ba) = 0.999999… at every step, da⟨t⟩ = Wyaᵀ·dy the same at every
    // step, so the 1 − a² rounding moves ∂L/∂ba by T·da·u·r (coherent), not √T·da·u·r.
    const T = 64;
    const z = Math.atanh(0.999999);
    const p: Problem = {
      params: { Wax: fromRows([[0, 0]]), Waa: fromRows([[0]]), Wya: fromRows([[1], [-1]]), ba: fromRows([[z]]), by: fromRows([[0], [0]]) },
      a0: fromRows([[0]]),
      inputs: new Array<number>(T).fill(0),
      targets: new Array<number>(T).fill(1),
    };
    const ev = evaluatorFor(p, 'engine');
    const da = ev.intermediates().da[T - 1];
    const floor = float64Floor(ev);
    // r uniform in [−1, 1]: the largest of ULP_RUNS draws is below 1/4 with chance 4^−ULP_RUNS
    expect(floor.terms.ba[0]).toBeGreaterThan((T * Math.abs(da) * ULP_SIZE * EPSILON) / 4);
  });

  it('measures the spread as the largest change over ULP_RUNS perturbed copies, and δL at least ε·|L|', () => {
    const p = randomProblem({ nA: 4, vocab: 3, T: 60, seed: 7, scale: 2.5 });
    const floor = float64Floor(evaluatorFor(p, 'engine'));
    expect(floor.samples).toHaveLength(ULP_RUNS);
    for (const s of SLOTS) {
      floor.spread[s].forEach((v, k) => expect(v, `${s}[${k}]`).toBe(Math.max(...floor.samples.map((g) => Math.abs(g[s][k] - floor.gradient[s][k])))));
    }
    // an exploding model: L moves by more than its own last ulp when its inputs do, but by no more
    // than first order allows: ULP_SIZE·ε·Σ|θ·∂L/∂θ|, plus L's own rounding (a sum of T terms)
    expect(floor.lossNoise).toBeGreaterThan(EPSILON * Math.abs(floor.loss));
    const ev = evaluatorFor(p, 'engine');
    const firstOrder = SLOTS.reduce((s, slot) => s + ev.theta[slot].reduce((t, v, k) => t + Math.abs(v * floor.gradient[slot][k]), 0), 0);
    expect(floor.lossNoise).toBeLessThanOrEqual(ULP_SIZE * EPSILON * (firstOrder + p.inputs.length * Math.abs(floor.loss)));
  });

  it('gives a model that perturbations cannot move (all weights 0) the noise of L’s last ulp, and no spread', () => {
    const zero = (r: number, c: number) => fromRows(Array.from({ length: r }, () => new Array<number>(c).fill(0)));
    const p: Problem = { params: { Wax: zero(2, 3), Waa: zero(2, 2), Wya: zero(3, 2), ba: zero(2, 1), by: zero(3, 1) }, a0: zero(2, 1), inputs: [null, 0, 2], targets: [1, 2, 0] };
    const floor = float64Floor(evaluatorFor(p, 'engine'));
    expect(floor.loss).toBeCloseTo(3 * Math.log(3), 14);
    expect(floor.lossNoise).toBe(EPSILON * Math.abs(floor.loss));
    for (const s of SLOTS) expect(Math.max(...floor.spread[s]), s).toBe(0);
  });

  it('is the same for the same seed, and of the same size for another', () => {
    const ev = evaluatorFor(randomProblem({ nA: 3, vocab: 3, T: 30, seed: 11, scale: 2 }), 'engine');
    const [a, b, c] = [float64Floor(ev, 5), float64Floor(ev, 5), float64Floor(ev, 6)];
    expect(b).toEqual(a);
    for (const s of SLOTS) a.terms[s].forEach((v, k) => expect(Math.max(v, c.terms[s][k]) / Math.min(v, c.terms[s][k]), `${s}[${k}]`).toBeLessThan(SAFETY));
  });
});

describe('the relative error shown to users (tolerances.ts relativeError)', () => {
  it('is |a − n| / max(|a|, |n|, RELATIVE_FLOOR), and 0 for equal values, infinite ones included', () => {
    expect(relativeError(2, 1.5)).toBe(0.25);
    expect(relativeError(-1e-9, 1e-9)).toBe(2e-9 / RELATIVE_FLOOR);
    expect(relativeError(Infinity, Infinity)).toBe(0);
    expect(relativeError(0, 0)).toBe(0);
  });
});

describe('the relative condition number shown to users (conditionOf)', () => {
  it('is spread / (|g|·ULP_SIZE·ε), and 0 when nothing moved, even at g = 0', () => {
    expect(conditionOf(3 * ULP_SIZE * EPSILON, -0.5)).toBeCloseTo(6, 12);
    expect(conditionOf(0, 0)).toBe(0);
    expect(conditionOf(1e-20, 0)).toBe(Infinity);
  });
});
