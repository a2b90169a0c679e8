/**
 * The numbers behind the conformance kit's tolerances (conditioning.ts). Measured by
 * `npm run conditioning` (scripts/conditioning.mjs); docs/reliability.md has the figures.
 */

export type Precision = 'float64' | 'float32';

/** Machine epsilon, the spacing of floats just above 1: 2⁻⁵² (float64) and 2⁻²³ (float32). */
export const FLOAT_EPSILON: Readonly<Record<Precision, number>> = { float64: 2 ** -52, float32: 2 ** -23 };

/** Runs of the conditioning study per case and precision. */
export const STUDY_RUNS = 16;

/**
 * How far above the study's spread a correct result may fall. Measured by `npm run conditioning`
 * on 40 random badly conditioned models plus the nA = 100 user case: a correct implementation's
 * error (the mathjs float64 reference, plain loops in either summation order, numpy) reached at
 * most 0.40 of the spread, because the study moves every input and every operation by up to
 * 1 ulp while real code rounds by at most ½ ulp and does not perturb its inputs; and the spread of
 * 64 runs was at most 2.45 times that of 16. 10 covers both (0.40 × 2.45 ≈ 1) with a factor ~10
 * to spare for rounding that is systematic rather than random (long sums rounding one way).
 */
export const SAFETY = 10;

/** A quantity whose spread exceeds this fraction of its scale is ILL-CONDITIONED, not judged. */
export const ILL_CONDITIONED_SPREAD = 1e-2;
