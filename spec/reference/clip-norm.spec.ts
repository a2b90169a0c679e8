import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lossAndGradients } from '../../src/reference/bptt.js';
import { clipByGlobalNorm } from '../../src/reference/clip.js';
import { fromRows } from '../../src/reference/linalg.js';
import { PARAM_NAMES, type Gradients } from '../../src/reference/types.js';
import { problemArb, rowsArb } from '../helpers/arbitraries.js';
import { rowsOf } from '../helpers/matrices.js';
import { ROUNDING } from '../helpers/tolerances.js';

const shapes = { Wax: [3, 4], Waa: [3, 3], Wya: [2, 3], ba: [3, 1], by: [2, 1] } as const;
const gradientsArb = fc
  .record({ ...Object.fromEntries(PARAM_NAMES.map((n) => [n, rowsArb(shapes[n][0], shapes[n][1], 20)])), da0: rowsArb(3, 1, 20) } as Record<string, fc.Arbitrary<number[][]>>)
  .map((r) => Object.fromEntries(Object.entries(r).map(([n, rows]) => [n === 'da0' ? n : `d${n}`, fromRows(rows)])) as unknown as Gradients);
const boundArb = fc.integer({ min: 1, max: 100_000 }).map((i) => i / 1000);

/** All five parameter gradients' entries, in the order the norm adds them. */
const flat = (g: Gradients) => PARAM_NAMES.flatMap((n) => rowsOf(g[`d${n}`]).flat());

describe('clipByGlobalNorm — d2l’s grad_clipping (not in the document)', () => {
  it('returns the L2 norm of all five parameter gradients together, as Math.hypot computes it', () => {
    fc.assert(
      fc.property(gradientsArb, boundArb, (g, C) => {
        const expected = Math.hypot(...flat(g));
        expect(Math.abs(clipByGlobalNorm(g, C).norm - expected)).toBeLessThanOrEqual(ROUNDING * expected);
      }),
    );
  });

  it('scales every parameter gradient by the one factor C/‖g‖ when ‖g‖ > C, so the clipped norm is C and directions are kept', () => {
    fc.assert(
      fc.property(gradientsArb, boundArb, (g, C) => {
        const { clipped, norm } = clipByGlobalNorm(g, C);
        fc.pre(norm > C);
        const factor = C / norm;
        for (const n of PARAM_NAMES) expect(rowsOf(clipped[`d${n}`])).toEqual(rowsOf(g[`d${n}`]).map((row) => row.map((v) => v * factor)));
        expect(Math.abs(Math.hypot(...flat(clipped)) - C)).toBeLessThanOrEqual(ROUNDING * C);
      }),
    );
  });

  it('leaves the gradients as they are when ‖g‖ ≤ C, and never touches ∂L/∂a⟨0⟩ or its input', () => {
    fc.assert(
      fc.property(gradientsArb, boundArb, (g, C) => {
        const before = JSON.stringify(g);
        const { clipped, norm } = clipByGlobalNorm(g, C);
        expect(clipped.da0).toBe(g.da0);
        if (norm <= C) for (const n of PARAM_NAMES) expect(clipped[`d${n}`]).toBe(g[`d${n}`]);
        expect(JSON.stringify(g)).toBe(before);
      }),
    );
  });

  it('leaves gradients whose norm is exactly C as they are: ‖(3, 4, 0, …)‖ = 5 with C = 5 is not clipped', () => {
    // 3² + 4² = 25 and √25 = 5 are exact in float64, so the norm equals the bound to the bit
    const zero = (r: number, c: number) => fromRows(Array.from({ length: r }, () => Array<number>(c).fill(0)));
    const g = { dWax: fromRows([[3]]), dWaa: fromRows([[4]]), dWya: zero(1, 1), dba: zero(1, 1), dby: zero(1, 1), da0: zero(1, 1) };
    const { clipped, norm } = clipByGlobalNorm(g, 5);
    expect(norm).toBe(5);
    for (const n of PARAM_NAMES) expect(clipped[`d${n}`]).toBe(g[`d${n}`]);
  });

  it('clips the gradients of real BPTT problems to norm C for a small C, and not at all for a large one', () => {
    fc.assert(
      fc.property(problemArb(4, 3), ({ params, a0, inputs, targets }) => {
        const g = lossAndGradients(params, inputs, targets, a0).gradients;
        // min(‖g‖, C): a model almost certain of its targets can have ‖g‖ < 1e-3 already
        // (a fast-check counterexample, seed -752297676: ‖g‖ = 0.00099998), and is left as it is
        const expected = Math.min(Math.hypot(...flat(g)), 1e-3);
        expect(Math.hypot(...flat(clipByGlobalNorm(g, 1e-3).clipped))).toBeCloseTo(expected, 12);
        expect(flat(clipByGlobalNorm(g, 1e6).clipped)).toEqual(flat(g));
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a bound that is not positive', () => {
    const g = { dWax: fromRows([[1]]), dWaa: fromRows([[1]]), dWya: fromRows([[1]]), dba: fromRows([[1]]), dby: fromRows([[1]]), da0: fromRows([[1]]) };
    expect(() => clipByGlobalNorm(g, 0)).toThrow('clip norm must be > 0, got 0');
    expect(() => clipByGlobalNorm(g, NaN)).toThrow('clip norm must be > 0, got NaN');
  });
});
