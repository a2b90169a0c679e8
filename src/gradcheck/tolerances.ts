/**
 * Steps and tolerances of the gradient checkers (float64). No fixed budget: each comparison is
 * judged against an estimate of how far the two numbers may honestly differ (docs/reliability.md):
 *
 *   tolerance = SAFETY × (numerical method's own error + float64 floor of ∂L/∂θ)
 *
 * the floor being how much BPTT's result moves when every input is perturbed by a few ulps (its
 * conditioning: rounding inside BPTT acts like such perturbations), plus what each step's own
 * roundings move it by, pushed back through BPTT (conditioning.ts `termFloor`, roundings.ts).
 */

/** Unit roundoff ×2: the spacing of float64 at 1. */
export const EPSILON = Number.EPSILON;

/** Complex step: no subtraction, so h can be tiny; f(x + ih) = f(x) + ih·f′(x) + O(h²). */
export const COMPLEX_STEP = 1e-20;

/**
 * Central differences start at this step (elementwise: added to one entry; directional: along a
 * unit direction) and halve it, Richardson-extrapolating the tableau D(h), D(h/2), … (Ridders'
 * method). 2e-3 is where the old fixed 4th-order stencil (h = 5e-4, and 2h) was already in its
 * asymptotic range on well-conditioned models; ill-conditioned ones halve further.
 */
export const FIRST_STEP = 2e-3;
/** Fewest tableau rows (each row is 2 evaluations): 3 rows give a 6th-order value and its error estimate. */
export const MIN_LEVELS = 3;
/**
 * Most rows: the step then is 2e-3·2⁻³⁹ ≈ 4e-15, where the rounding estimate exceeds any useful
 * error and halving has long stopped (it stops once rounding alone exceeds the best error).
 */
export const MAX_LEVELS = 40;

/** How many ulp-perturbed copies of the problem measure the float64 floor (BPTT's conditioning). */
export const ULP_RUNS = 4;
/**
 * Each input x becomes x·(1 + ULP_SIZE·ε·r), r uniform in [−1, 1], and each step's rounding sites
 * (roundings.ts) move by ULP_SIZE·ε·r relative: a few roundings' worth, as a length-n sum rounds by
 * up to n·ε/2 but typically by about √n·ε/2.
 */
export const ULP_SIZE = 4;
/**
 * The gated and stacked cells' step roundings (cell-roundings.ts): every operation's result x of a
 * Monte Carlo run moves to x·(1 + OP_ROUNDING_SIZE·ε·r), r uniform in [−1, 1], carried to first
 * order beside it (numerics/cells/tangent.ts; rounded into it, 3 moves in 8 vanish) — up to twice
 * float64's largest rounding (ε/2 relative) and, as a uniform draw, with a standard deviation
 * ε/√3 against at most ε/(2√3) for roundings spread evenly over ±ε/2: a run rounds more than float64.
 */
export const OP_ROUNDING_SIZE = 1;
/**
 * Every error estimate (Richardson differences, rounding, ulp spreads from ULP_RUNS samples) is
 * an order-of-magnitude estimate; the verdict allows this factor over it. Measured: the worst
 * error/estimate ratio of correct BPTT over random ill-conditioned models is reported by
 * `npm run bench:gradcheck` (docs/reliability.md), well under 1/SAFETY.
 */
export const SAFETY = 10;
// The generic check of the gated and stacked cells (generic.ts, `gradcheck --cell`) uses the same
// COMPLEX_STEP, FIRST_STEP…MAX_LEVELS, ULP_RUNS, ULP_SIZE, SAFETY and OWN_ROUNDINGS. Its floor is
// the ulp spread plus each step's own roundings, measured by STEP_RUNS Monte Carlo runs of the
// cells' plain-loop BPTT (cell-roundings.ts, OP_ROUNDING_SIZE). The complex step's rounding is
// taken as that floor + ε·|value|. Measured by `node bench/gradcheck-cell-floor.mjs` (every LSTM
// and GRU variant and the 2-layer RNN, nA = 3, V = 3, T = 20–30, weights N(0, s²), s = 0.5, 1,
// 2–3): correct BPTT passes everywhere and the specs' wrong backwards fail (docs/reliability.md).
/** A handful of roundings of the compared values themselves: a floor for a zero ulp spread. */
export const OWN_ROUNDINGS = 8;

/** For the display only: relative error |a − n| / max(|a|, |n|, RELATIVE_FLOOR). */
export const RELATIVE_FLOOR = 1e-3;

/** |a − n| / max(|a|, |n|, RELATIVE_FLOOR); 0 when both are equal (NaN when either is NaN). */
export function relativeError(analytic: number, numeric: number): number {
  if (analytic === numeric) return 0;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), RELATIVE_FLOOR);
}
