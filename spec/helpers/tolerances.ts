/** Every tolerance the specs use, in one place. Budgets of the checkers live in src/gradcheck. */

/** Identities that hold exactly in real arithmetic and differ only by float64 rounding. */
export const ROUNDING = 1e-12;
/** Comparing with the numpy-computed examples: same maths, different summation order. */
export const NUMPY_AGREEMENT = 1e-12;
/** Complex-step derivative of a scalar function of one variable against its closed form. */
export const COMPLEX_STEP_SCALAR = 1e-13;
/** A literal (wrong) equation must miss the gradient by at least this relative error. */
export const CLEARLY_WRONG = 1e-3;
/**
 * The fast engine against the reference, relative to each quantity's largest entry: same maths,
 * float64 rounding in a different order (SIMD sums, batched outer products, −log ŷ instead of
 * log-softmax). Measured worst over 12,000 random models with weights in [−0.5, 0.5] and T ≤ 60:
 * 1.8e-13.
 */
export const ENGINE_AGREEMENT = 1e-12;
/**
 * The same with weights up to ±1, where the forward map can be expanding: differences of one
 * rounding grow along the sequence. Measured worst over 12,000 models at T ≤ 60: 7.1e-11.
 */
export const EXPANDING_ENGINE_AGREEMENT = 1e-9;
/**
 * The engine's complex twin (src/engine/complex-forward.ts, complex-partials.ts) against the mathjs
 * reference's complex evaluation, relative to the sum of |terms| Im L / h is made of: the
 * same complex maths, rounded in a different order (tanh by its addition formula instead of
 * sinh/cosh, arg of the log-sum-exp instead of mathjs' Complex log). Weights in [−0.5, 0.5], T ≤ 12:
 * measured worst 3.1e-15 over 1,000 models along random directions and some hundreds entry by entry
 * (MEASURE_TWIN=1000 npx vitest run spec/engine/complex-forward.spec.ts prints it); 1e-12 is the
 * engine's own agreement budget (ENGINE_AGREEMENT).
 */
export const TWIN_AGREEMENT = 1e-12;
