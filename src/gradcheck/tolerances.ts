/**
 * Step sizes and pass budgets of the two gradient checkers (float64).
 *
 * Relative error is |analytic − numeric| / max(|analytic|, |numeric|, RELATIVE_FLOOR).
 */

/**
 * Elementwise central differences use the fourth-order stencil
 *   (L(θ−2h) − 8L(θ−h) + 8L(θ+h) − L(θ+2h)) / 12h,
 * truncation ∝ h⁴, cancellation ∝ ε·|L|/h; h = 5e-4 balanced them best on random models with
 * T ≤ 40 (plain 2-point differences cannot reach the budget there: ≈ 6e-5 worst, measured).
 */
export const CENTRAL_STEP = 5e-4;
/** Directional checks use plain 2-point central differences (two evaluations a direction). */
export const DIRECTIONAL_STEP = 1e-5;
/** Complex step: no subtraction, so h can be tiny; f(x + ih) = f(x) + ih·f′(x) + O(h²). */
export const COMPLEX_STEP = 1e-20;
/** Budget: the largest relative error a central-difference check may show and pass. */
export const CENTRAL_BUDGET = 1e-6;
/** Budget: the largest relative error a complex-step check may show and pass. */
export const COMPLEX_BUDGET = 1e-12;
/**
 * Entries smaller than this are compared absolutely (at budget × floor). An entry of ∂L/∂θ is a
 * sum of terms of size ≈ 1, so float64 resolves it only to about 1e-16 absolutely, whatever its
 * own size: a 2.1e-4 entry of dWaa showed 2.7e-16 between BPTT and the complex step, i.e. a
 * relative error of 1.3e-12 (spec/reference/bptt.spec.ts keeps that model). 1e-4 was too small.
 */
export const RELATIVE_FLOOR = 1e-3;

/** |a − n| / max(|a|, |n|, RELATIVE_FLOOR); 0 when both are equal (NaN when either is NaN). */
export function relativeError(analytic: number, numeric: number): number {
  if (analytic === numeric) return 0;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), RELATIVE_FLOOR);
}
