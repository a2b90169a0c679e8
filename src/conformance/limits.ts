/**
 * How large a case or a suite the kit accepts; past these it says so in one line instead of
 * running for hours or running out of memory.
 */

/**
 * Steps per case. Measured: `check` on a T = 20,000, nA = 10, V = 6 case took 16 s and 330 MB
 * (`evaluate` 6 s, 210 MB), growing linearly, so 50,000 steps stays near a minute and under 1 GB.
 */
export const MAX_STEPS = 50_000;
/** nA, nX and nY: a character RNN is far smaller; the exact evaluation's cost grows as nA². */
export const MAX_WIDTH = 1_000;
/** Tests in a suite (ours has 17). */
export const MAX_TESTS = 10_000;

/**
 * Steps and widths of a gated or stacked cell's case: its expected values are computed on 40-digit
 * BigNumbers (cells/arithmetic.ts), thousands of times slower than float64, so the limits are lower.
 * Measured by `npm run conditioning:cells`: an LSTM with nA = nX = nY = 16, T = 100 took 12 s
 * (expected values and both studies) on a 2-core machine under load 27; the cost grows as T·n², so a
 * case at these limits takes ~8 times that — about a minute and a half under that load.
 */
export const MAX_CELL_STEPS = 200;
export const MAX_CELL_WIDTH = 32;
