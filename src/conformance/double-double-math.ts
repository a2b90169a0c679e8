/**
 * exp, expm1, tanh, log and division in double-double arithmetic (double-double.ts), after QD's
 * `dd_real` [2 in double-double.ts]: exp by argument reduction x = k·ln 2 + 512·r, a Taylor series
 * for expm1(r) and nine squarings of expm1 (which keep its relative accuracy near 0); log by one
 * Newton step from float64's log; division by three quotient digits. Each is accurate to ~1e-31
 * relative; spec/conformance/exact.spec.ts compares them with 60-digit BigNumbers.
 *
 * Arguments and results are pairs [hi, lo].
 */
import { add, mul, out } from './double-double.js';

export type DD = readonly [number, number];

/** ln 2 as a double-double. */
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

const addDD = (a: DD, b: DD): DD => (add(a[0], a[1], b[0], b[1]), [out[0], out[1]]);
const subDD = (a: DD, b: DD): DD => addDD(a, [-b[0], -b[1]]);
const mulDD = (a: DD, b: DD): DD => (mul(a[0], a[1], b[0], b[1]), [out[0], out[1]]);
/** a·2ᵏ, exact (two steps so that 2ᵏ itself never overflows or underflows). */
const scale2 = (a: DD, k: number): DD => {
  const k1 = Math.trunc(k / 2);
  const f1 = 2 ** k1;
  const f2 = 2 ** (k - k1);
  return [a[0] * f1 * f2, a[1] * f1 * f2];
};

/** a ÷ b: three quotient digits, each from the remainder so far. */
export function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = subDD(a, mulDD(b, [q1, 0]));
  const q2 = r[0] / b[0];
  r = subDD(r, mulDD(b, [q2, 0]));
  const q3 = r[0] / b[0];
  return addDD(addDD([q1, 0], [q2, 0]), [q3, 0]);
}

/** expm1(r) for |r| ≤ ln 2 / 2: Σ rⁿ/n! on r/512, then nine doublings e ← 2e + e² (expm1(2x)). */
function expm1Reduced(r: DD): DD {
  const s = scale2(r, -9);
  let term = s;
  let sum = s;
  for (let n = 2; n <= 14 && Math.abs(term[0]) > 1e-36 * Math.abs(sum[0]); n++) {
    term = div(mulDD(term, s), [n, 0]);
    sum = addDD(sum, term);
  }
  for (let i = 0; i < 9; i++) sum = addDD(scale2(sum, 1), mulDD(sum, sum));
  return sum;
}

/** eˣ − 1, accurate relative to the result also near x = 0. */
export function expm1(x: DD): DD {
  if (Math.abs(x[0]) <= LN2[0] / 2) return expm1Reduced(x);
  return subDD(exp(x), [1, 0]);
}

/** eˣ. */
export function exp(x: DD): DD {
  if (x[0] > 709.78) return [Infinity, 0];
  if (x[0] < -745.2) return [0, 0];
  const k = Math.round(x[0] / LN2[0]);
  const r = subDD(x, mulDD(LN2, [k, 0]));
  return scale2(addDD(expm1Reduced(r), [1, 0]), k);
}

/** tanh x = −expm1(−2|x|) / (2 + expm1(−2|x|)), with x's sign: no overflow, no cancellation. */
export function tanh(x: DD): DD {
  const abs: DD = x[0] < 0 ? [-x[0], -x[1]] : x;
  const e = expm1([-2 * abs[0], -2 * abs[1]]);
  const t = div([-e[0], -e[1]], addDD([2, 0], e));
  return x[0] < 0 ? [-t[0], -t[1]] : t;
}

/** ln x for x > 0: y = log(hi) in float64, then one Newton step y + x·e⁻ʸ − 1. */
export function log(x: DD): DD {
  const y: DD = [Math.log(x[0]), 0];
  return subDD(addDD(y, mulDD(x, exp([-y[0], 0]))), [1, 0]);
}

/** √x for x ≥ 0: y = √hi in float64, then one Newton step y + (x − y²)/(2y). */
export function sqrt(x: DD): DD {
  if (x[0] <= 0) return [0, 0];
  const y = Math.sqrt(x[0]);
  return addDD([y, 0], div(subDD(x, mulDD([y, 0], [y, 0])), [2 * y, 0]));
}
