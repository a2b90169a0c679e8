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
 * How far above the study's spread a correct result may fall. The spread is the largest of
 * STUDY_RUNS random-rounding runs; a real implementation rounds systematically (same direction
 * along a sum, a different order, fused operations), and its error was measured at up to SAFETY_SEEN
 * times the spread. SAFETY leaves room beyond that.
 */
export const SAFETY = 10;

/** A quantity whose spread exceeds this fraction of its scale is ILL-CONDITIONED, not judged. */
export const ILL_CONDITIONED_SPREAD = 1e-2;
