/**
 * The one element rule of the kit's comparisons (compareValues' verdicts, `agrees` for the
 * catalogue and the hypotheses): theirs agrees with expected when |theirs − expected| ≤ atol +
 * rtol·|expected|; NaN agrees with NaN, and ±Infinity with itself and nothing else (with rtol > 0
 * the bound atol + rtol·∞ would otherwise accept any number).
 */
import type { Tolerance } from './compare.js';

/** By how much theirs lies beyond the tolerance around expected: > 0 exactly where they disagree (−∞ for NaN = NaN and ±∞ = ±∞, +∞ where one is NaN or expected is infinite and theirs differs). */
export function excess(expected: number, theirs: number, tol: Tolerance): number {
  if (expected === theirs || (Number.isNaN(expected) && Number.isNaN(theirs))) {
    return Number.isFinite(expected) ? -(tol.atol + tol.rtol * Math.abs(expected)) : -Infinity;
  }
  if (!Number.isFinite(expected) || Number.isNaN(theirs)) return Infinity;
  return Math.abs(theirs - expected) - (tol.atol + tol.rtol * Math.abs(expected));
}
