/**
 * The number systems the plain-loop cell evaluators (lstm.ts, gru.ts, deep.ts) run in, behind one
 * interface: float64 with a hook after every operation (plain float64, or Monte Carlo arithmetic:
 * random ±1 ulp moves, float32 roundings). The conformance kit adds 40-digit BigNumbers
 * (src/conformance/cells/arithmetic.ts); the gradient checker runs the hook to measure each step's
 * own roundings (src/gradcheck/cell-roundings.ts).
 * Constants (0, 1, one-hot entries) are `lit`; every number read from a case goes through `of`.
 */

/** How each number is rounded: `input` on every number of the case, `op` after every operation. */
export interface Rounding {
  readonly input: (x: number) => number;
  readonly op: (x: number) => number;
  /** Dot products summed from the last index down (a different, equally correct, order). */
  readonly reversed?: boolean;
}

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

/** float64 with `ar`'s rounding after every operation and on every number of the case. */
export function roundedNum(ar: Rounding): Num<number> {
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
