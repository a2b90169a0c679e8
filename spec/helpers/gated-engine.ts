/**
 * Shared by spec/engine/lstm.spec.ts and gru.spec.ts: a one-hot case for a gated engine (nX = nY = V,
 * inputs an index or null), the engine-versus-reference comparison, and the worst agreement seen.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { QuantityTolerance } from '../../src/conformance/conditioning.js';
import { entries, realPart, type Matrix } from '../../src/reference/linalg.js';
import { weight } from './arbitraries.js';
import { namedMatricesArb } from './gated-arbitraries.js';

export interface GatedCase {
  nA: number;
  V: number;
  params: Record<string, Matrix>;
  a0: number[];
  c0: number[];
  X: (number | null)[];
  Y: number[];
}

/** Sizes up to nA = 8, V = 9, T = 40, weights in [−w, w] of the given shapes, a⟨0⟩ and c⟨0⟩ in (−1, 1). */
export const gatedCaseArb = (shapes: (nA: number, V: number) => Record<string, [number, number]>, w: number, maxT = 40): fc.Arbitrary<GatedCase> =>
  fc
    .record({ nA: fc.integer({ min: 1, max: 8 }), V: fc.integer({ min: 2, max: 9 }), T: fc.integer({ min: 1, max: maxT }) })
    .chain(({ nA, V, T }) =>
      fc.record({
        nA: fc.constant(nA),
        V: fc.constant(V),
        params: namedMatricesArb(shapes(nA, V), w),
        a0: fc.array(weight(0.9), { minLength: nA, maxLength: nA }),
        c0: fc.array(weight(0.9), { minLength: nA, maxLength: nA }),
        X: fc.array(fc.option(fc.integer({ min: 0, max: V - 1 }), { nil: null }), { minLength: T, maxLength: T }),
        Y: fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: T, maxLength: T }),
      }),
    );

/** The worst relative difference seen under each tolerance, printed when MEASURE_GATED_ENGINE is set (how the tolerances were measured). */
export const worstSeen = new Map<number, number>();

/** Prints `worstSeen` when MEASURE_GATED_ENGINE is set. */
export function printWorstSeen(cell: string): void {
  if (!process.env.MEASURE_GATED_ENGINE) return;
  for (const [tolerance, worst] of worstSeen) console.log(`${cell} engine against the reference, bound ${tolerance}: worst relative difference ${worst.toExponential(2)}`);
}

/**
 * max |fast − ref| relative to max(1, the quantity's largest |entry|): each entry is a sum over t of
 * terms of size up to about 1 (gates in (0, 1), |a|, |c̃| < 1, |ŷ − y| ≤ 1, one-hot x), so float64 fixes
 * it only to a few ε absolutely however much the terms cancel (as spec/engine/rnn.spec.ts argues).
 */
export function relDiff(fast: ArrayLike<number>, ref: Matrix | number): number {
  const r = typeof ref === 'number' ? [ref] : entries(ref).map(realPart);
  expect(fast.length).toBe(r.length);
  const scale = Math.max(...r.map(Math.abs), 1);
  return Math.max(0, ...r.map((v, k) => Math.abs(fast[k] - v) / scale));
}

/**
 * The conformance kit's tolerance for a quantity of the case (loss, a, yHat, d<name>: its
 * conditioning study, src/conformance/cells/expected.ts), computed when first asked for.
 */
export type KitTolerance = (quantity: string) => QuantityTolerance;

/**
 * Expects `relDiff(fast, ref) ≤ tolerance`, recording the worst difference seen under that tolerance.
 * Given `kit`, a difference beyond the measured bound is still correct where the case is badly
 * conditioned: the engine and the reference are two float64 evaluations, each within the kit's
 * tolerance of the exact values, so they may differ by twice it, entry by entry.
 */
export function expectWithin(fast: ArrayLike<number>, ref: Matrix | number, tolerance: number, what: string, kit?: () => QuantityTolerance): void {
  const d = relDiff(fast, ref);
  worstSeen.set(tolerance, Math.max(worstSeen.get(tolerance) ?? 0, d));
  if (d <= tolerance || !kit) return void expect(d, what).toBeLessThanOrEqual(tolerance);
  const { atol, rtol, condition } = kit();
  const r = typeof ref === 'number' ? [ref] : entries(ref).map(realPart);
  const excess = Math.max(...r.map((v, k) => Math.abs(fast[k] - v) - 2 * (atol + rtol * Math.abs(v))));
  expect(excess, `${what}: beyond ${tolerance} and twice the kit's tolerance (atol ${atol}, condition ${condition.toExponential(1)})`).toBeLessThanOrEqual(0);
}

/** Expects every named fast array to equal the reference matrix of the same name within `tolerance` (see expectWithin for `kit`). */
export function expectNamedClose(fast: Record<string, Float64Array>, ref: Readonly<Record<string, Matrix>>, tolerance: number, prefix = '', kit?: KitTolerance): void {
  expect(Object.keys(fast).map((n) => prefix + n).sort()).toEqual(Object.keys(ref).sort());
  for (const [name, values] of Object.entries(fast)) expectWithin(values, ref[prefix + name], tolerance, prefix + name, kit && (() => kit(`d${name}`)));
}

/** The rows t = 1…T of a history with (T+1) rows of n, as T slices (the states a⟨t⟩, c⟨t⟩). */
export function rowsAfterFirst(h: Float64Array, n: number, T: number): Float64Array[] {
  return Array.from({ length: T }, (_, t) => h.subarray((t + 1) * n, (t + 2) * n));
}
