/**
 * The expected values' number system for the plain-loop cell evaluators (src/numerics/cells/):
 * mathjs BigNumbers (decimal.js) with CELL_DIGITS significant digits. The float64 ones (plain, and
 * the Monte Carlo arithmetic of the conditioning study) live beside the evaluators, in num.ts.
 */
import type { BigNumber } from 'mathjs';
import { decimalClass } from '../exact-decimal.js';
import type { Num } from '../../numerics/cells/num.js';

/**
 * Significant digits of the expected values: 40, so that a quantity with condition number κ is
 * off by about κ·1e-40 relative after the ~10⁴ operations of a suite case — far below float64's
 * 1.1e-16 for any κ the suite's cells reach (the study measures κ; the largest is printed by
 * `npm run conditioning:cells`).
 */
export const CELL_DIGITS = 40;

/** mathjs BigNumbers with `digits` significant digits; every float64 input is taken to `digits` digits. */
export function decimalNum(digits = CELL_DIGITS): Num<BigNumber> {
  const Dec = decimalClass(digits);
  const of = (x: number) => new Dec(x.toPrecision(Math.min(100, digits)));
  return {
    of,
    lit: of,
    num: (x) => x.toNumber(),
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => a.dividedBy(b),
    tanh: (a) => a.tanh(),
    exp: (a) => a.exp(),
    log: (a) => a.ln(),
    sqrt: (a) => a.sqrt(),
    gt: (a, b) => a.greaterThan(b),
  };
}

export { FLOAT64_NUM, roundedNum, type Num } from '../../numerics/cells/num.js';
