/** Every tolerance the specs use, in one place. Budgets of the checkers live in src/gradcheck. */

/** Identities that hold exactly in real arithmetic and differ only by float64 rounding. */
export const ROUNDING = 1e-12;
/** Comparing with the numpy-computed examples: same maths, different summation order. */
export const NUMPY_AGREEMENT = 1e-12;
/** Complex-step derivative of a scalar function of one variable against its closed form. */
export const COMPLEX_STEP_SCALAR = 1e-13;
/** A literal (wrong) equation must miss the gradient by at least this relative error. */
export const CLEARLY_WRONG = 1e-3;
