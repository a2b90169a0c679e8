/**
 * A correctly rounded natural logarithm, for bit-for-bit agreement with numpy.
 *
 * numpy's Gaussian uses the C library's log(), which on glibc is correctly rounded in practice;
 * V8's Math.log is within 1 ulp but not always the nearest double, and one ulp there changes a
 * randn() draw. This evaluates log(x) in double-double arithmetic (≈ 100 bits) and rounds once:
 *   x = m·2ᵏ, m ∈ [√½, √2),  log m = 2·atanh(s) = 2·(s + s³/3 + s⁵/5 + …),  s = (m − 1)/(m + 1).
 *
 * [1] T. J. Dekker, "A floating-point technique for extending the available precision", 1971.
 */
type DD = readonly [number, number];

const SPLITTER = 134217729; // 2^27 + 1
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
const SERIES_TERMS = 24; // s² ≤ 0.0295, so 0.0295^24 ≪ 2^-106

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  return twoSum(s, e + x[1] + y[1]);
}

function mul(x: DD, y: DD): DD {
  const [p, e] = twoProd(x[0], y[0]);
  return twoSum(p, e + x[0] * y[1] + x[1] * y[0]);
}

function div(x: DD, y: DD): DD {
  const q1 = x[0] / y[0];
  const r = add(x, mul([-q1, 0], y));
  const q2 = r[0] / y[0];
  const r2 = add(r, mul([-q2, 0], y));
  return add(twoSum(q1, q2), [r2[0] / y[0], 0]);
}

/** log(x) rounded to the nearest double, for finite x > 0 (others follow Math.log). */
export function exactLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  let k = Math.min(1023, Math.floor(Math.log2(x))); // log2 of the largest double rounds to 1024
  let m = x / 2 ** k; // exact: a division by a representable power of two
  while (m >= Math.SQRT2) {
    m /= 2;
    k += 1;
  }
  while (m < Math.SQRT1_2) {
    m *= 2;
    k -= 1;
  }
  const s = div([m - 1, 0], twoSum(m, 1));
  const s2 = mul(s, s);
  let series: DD = [1 / (2 * SERIES_TERMS + 1), 0];
  for (let n = SERIES_TERMS - 1; n >= 0; n--) {
    series = add(div([1, 0], [2 * n + 1, 0]), mul(series, s2));
  }
  const logM = mul([2 * s[0], 2 * s[1]], series);
  const result = add(mul(LN2, [k, 0]), logM);
  return result[0] + result[1];
}
