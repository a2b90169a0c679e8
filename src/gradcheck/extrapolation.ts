/**
 * Central differences with their own error estimate (Ridders' method, as in Numerical Recipes'
 * dfridr, with step ratio 2). For f(s) = L(θ + s·u):
 *   D(h) = (f(h) − f(−h)) / 2h = f′(0) + c₁h² + c₂h⁴ + …
 * over h = h₀, h₀/2, h₀/4, …, and the Richardson tableau
 *   R[k][m] = (4ᵐ·R[k][m−1] − R[k−1][m−1]) / (4ᵐ − 1)     (order 2m + 2)
 * whose differences estimate the truncation error (the largest difference to its neighbours
 * R[k][m−1], R[k−1][m−1] and R[k−1][m]). Rounding: each f carries noise δL, so D(h)
 * carries ≤ δL/h and any R[k][m] ≤ Π(4ˡ+1)/(4ˡ−1)·δL/h < 2δL/h. The value kept is the tableau
 * entry with the smallest truncation + rounding estimate; halving stops once the next step's
 * rounding alone would exceed that (smaller steps can only be worse) and the kept entry has a
 * row after it, whose value of the same order must also agree (see the end of `extrapolate`).
 */
import { FIRST_STEP, MAX_LEVELS, MIN_LEVELS } from './tolerances.js';

export interface Extrapolated {
  /** The estimate of f′(0). */
  readonly value: number;
  /** Its truncation error estimate (a Richardson difference). */
  readonly truncation: number;
  /** Its rounding error estimate, 2δL/h. */
  readonly rounding: number;
  /** The smallest step h the kept value used. */
  readonly step: number;
  /** How many times f was evaluated. */
  readonly evaluations: number;
}

/**
 * Ridders' tableau as a conversation: it yields the next step h, is resumed with D(h), and returns
 * the result. Many entries can so be extrapolated side by side, their D(h) evaluated together
 * (elementwise.ts batches them); `extrapolate` drives one to the end.
 */
export function* riddersSteps(noise: number, first = FIRST_STEP): Generator<number, Extrapolated, number> {
  let best: Extrapolated = { value: NaN, truncation: Infinity, rounding: Infinity, step: first, evaluations: 0 };
  let at = { k: -1, m: 0 };
  const rows: number[][] = [];
  let h = first;
  for (let k = 0; k < MAX_LEVELS; k++, h /= 2) {
    const row = [yield h];
    const previous = rows[k - 1];
    const rounding = (2 * noise) / h;
    for (let m = 1; m <= k; m++) {
      const f = 4 ** m;
      row[m] = (f * row[m - 1] - previous[m - 1]) / (f - 1);
      // NR's two neighbours, and the same order one step back: three values must agree. The
      // corner R[k][k] has no R[k−1][k] yet, so it is not kept (it is used by the next row).
      const back = m < k ? Math.abs(row[m] - previous[m]) : Infinity;
      const truncation = Math.max(Math.abs(row[m] - row[m - 1]), Math.abs(row[m] - previous[m - 1]), back);
      if (truncation + rounding < best.truncation + best.rounding) {
        best = { value: row[m], truncation, rounding, step: h, evaluations: 0 };
        at = { k, m };
      }
    }
    rows.push(row);
    if (!Number.isFinite(row[0])) return { ...best, value: row[0], evaluations: 2 * rows.length };
    const done = k + 1 >= MIN_LEVELS && (4 * noise) / h >= best.truncation + best.rounding;
    if (done && at.k < k) break; // the kept value has a row after it to confirm it
  }
  // Confirmation: an exploding model's D(h) converges late, and three values from rows still
  // outside the asymptotic range can agree by chance; the next row's value of the same order
  // must agree too (one more row, two evaluations, when the best came from the last row).
  const next = rows[at.k + 1];
  const confirm = next ? Math.abs(best.value - next[at.m]) : 0; // no next row only after MAX_LEVELS rows
  return { ...best, truncation: Math.max(best.truncation, confirm), evaluations: 2 * rows.length };
}

/**
 * f′(0) from `difference(h)` = D(h), the symmetric difference quotient, and `noise` = δL, the
 * rounding noise of one evaluation of f.
 */
export function extrapolate(difference: (h: number) => number, noise: number, first = FIRST_STEP): Extrapolated {
  const steps = riddersSteps(noise, first);
  for (let r = steps.next(); ; r = steps.next(difference(r.value))) if (r.done) return r.value;
}
