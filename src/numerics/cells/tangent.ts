/**
 * Linearised Monte Carlo arithmetic (num.ts): each number is its plain float64 value v and d, the
 * first-order change of v when every operation's result x so far is moved to x·(1 + ρ), ρ drawn
 * afresh for each operation. The move is carried as a real number beside v, not applied to v:
 * applied, it would be rounded to float64's own spacing (1 + ε·r is 1 for r in [−1/4, 1/2]), and a
 * draw would move a saturated gate, whose 1 − σ holds the whole entry, by nothing (issue #9, h14).
 *
 * Each operation's d is the chain rule on its operands' d, plus ρ·v (its own move):
 *   a ± b: a.d ± b.d     a·b: a.d·b + a·b.d     a/b: (a.d − v·b.d)/b
 *   tanh a: (1 − v²)·a.d     exp a: v·a.d     log a: a.d/a     √a: a.d/(2v)
 */
import type { Num } from './num.js';

/** A float64 value and its first-order move. */
export interface Tangent {
  readonly v: number;
  readonly d: number;
}

/** The linearised number system: `move()` draws each operation's relative move ρ; inputs do not move. */
export function tangentNum(move: () => number, reversed = false): Num<Tangent> {
  const own = (v: number, d: number): Tangent => ({ v, d: d + move() * v });
  const exact = (x: number): Tangent => ({ v: x, d: 0 });
  return {
    of: exact,
    lit: exact,
    num: (x) => x.v,
    add: (a, b) => own(a.v + b.v, a.d + b.d),
    sub: (a, b) => own(a.v - b.v, a.d - b.d),
    mul: (a, b) => own(a.v * b.v, a.d * b.v + a.v * b.d),
    div: (a, b) => {
      const v = a.v / b.v;
      return own(v, (a.d - v * b.d) / b.v);
    },
    tanh: (a) => {
      const v = Math.tanh(a.v);
      return own(v, (1 - v * v) * a.d);
    },
    exp: (a) => {
      const v = Math.exp(a.v);
      return own(v, v * a.d);
    },
    log: (a) => own(Math.log(a.v), a.d / a.v),
    sqrt: (a) => {
      const v = Math.sqrt(a.v);
      return own(v, a.d / (2 * v));
    },
    gt: (a, b) => a.v > b.v,
    reversed,
  };
}
