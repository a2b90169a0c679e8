/**
 * The number systems the cell evaluators (lstm.ts, gru.ts, deep.ts) run in, behind one interface:
 *   decimal  — mathjs BigNumbers (decimal.js) with CELL_DIGITS significant digits: the expected values;
 *   rounded  — float64 with a hook after every operation: plain float64, or the Monte Carlo
 *              arithmetic of the conditioning study (random ±1 ulp moves, float32 roundings).
 * Constants (0, 1, one-hot entries) are `lit`; every number read from a case goes through `of`.
 */
import type { BigNumber } from 'mathjs';
import { decimalClass } from '../exact-decimal.js';
import type { Arithmetic } from '../rounded.js';

/** One number system: N is its number type. */
export interface Num<N> {
  /** A number of the case (a parameter, a state, a dense input, clip, lr). */
  readonly of: (x: number) => N;
  /** An exact constant. */
  readonly lit: (x: number) => N;
  /** The nearest float64. */
  readonly num: (x: N) => number;
  readonly add: (a: N, b: N) => N;
  readonly sub: (a: N, b: N) => N;
  readonly mul: (a: N, b: N) => N;
  readonly div: (a: N, b: N) => N;
  readonly tanh: (a: N) => N;
  readonly exp: (a: N) => N;
  readonly log: (a: N) => N;
  readonly sqrt: (a: N) => N;
  readonly gt: (a: N, b: N) => boolean;
  /** Dot products summed from the last index down (another, equally correct, order). */
  readonly reversed?: boolean;
}

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

/** float64 with `ar`'s rounding after every operation and on every number of the case. */
export function roundedNum(ar: Arithmetic): Num<number> {
  const r = ar.op;
  return {
    of: ar.input,
    lit: (x) => x,
    num: (x) => x,
    add: (a, b) => r(a + b),
    sub: (a, b) => r(a - b),
    mul: (a, b) => r(a * b),
    div: (a, b) => r(a / b),
    tanh: (a) => r(Math.tanh(a)),
    exp: (a) => r(Math.exp(a)),
    log: (a) => r(Math.log(a)),
    sqrt: (a) => r(Math.sqrt(a)),
    gt: (a, b) => a > b,
    reversed: ar.reversed,
  };
}

/** Plain float64. */
export const FLOAT64_NUM: Num<number> = roundedNum({ input: (x) => x, op: (x) => x });
