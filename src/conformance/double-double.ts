/**
 * Double-double arithmetic: a number is an unevaluated sum hi + lo of two float64s with
 * |lo| ≤ ½ulp(hi), about 106 significant bits (32 decimal digits). Each operation below is
 * accurate to a few units of 2⁻¹⁰⁴ relative (the "accurate" add and Dekker's product).
 *
 * [1] T. J. Dekker, "A floating-point technique for extending the available precision", 1971.
 * [2] Y. Hida, X. S. Li, D. H. Bailey, "Library for double-double and quad-double arithmetic", 2007
 *     (QD; `dd_real::ieee_add` and `dd_real::operator*`).
 *
 * Results are written into `out` (hi, lo) rather than allocated: the oracle runs millions of them.
 */

/** A vector of double-doubles: value k is h[k] + l[k]. */
export interface DDVector {
  readonly h: Float64Array;
  readonly l: Float64Array;
}

/** The result register of `add` and `mul`: out[0] + out[1]. */
export const out = new Float64Array(2);

/** 2²⁷ + 1: Dekker's splitter for a 53-bit significand. */
const SPLITTER = 134217729;

/** (ah + al) + (bh + bl), QD's ieee_add: two two-sums and two renormalisations [2]. */
export function add(ah: number, al: number, bh: number, bl: number): void {
  let s = ah + bh;
  let v = s - ah;
  let e = ah - (s - v) + (bh - v);
  const t = al + bl;
  v = t - al;
  const f = al - (t - v) + (bl - v);
  e += t;
  let r = s + e;
  e -= r - s;
  s = r;
  e += f;
  r = s + e;
  out[0] = r;
  out[1] = e - (r - s);
}

/** (ah + al)·(bh + bl): Dekker's exact product of the heads plus the cross terms [1], [2]. */
export function mul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  let c = SPLITTER * ah;
  const a1 = c - (c - ah);
  const a2 = ah - a1;
  c = SPLITTER * bh;
  const b1 = c - (c - bh);
  const b2 = bh - b1;
  let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
  e += ah * bl + al * bh;
  const r = p + e;
  out[0] = r;
  out[1] = e - (r - p);
}

/** A vector of n double-double zeros. */
export function zeroVector(n: number): DDVector {
  return { h: new Float64Array(n), l: new Float64Array(n) };
}

/** A vector of float64s as double-doubles (exact: the low parts are zero). */
export function fromNumbers(values: ArrayLike<number>): DDVector {
  return { h: Float64Array.from(values), l: new Float64Array(values.length) };
}

/** Σ_j M[i][j]·v[j] for every row i of M (rows are double-double vectors), in index order. */
export function matvec(M: readonly DDVector[], v: DDVector): DDVector {
  const r = zeroVector(M.length);
  M.forEach((row, i) => {
    let sh = 0;
    let sl = 0;
    for (let j = 0; j < v.h.length; j++) {
      if (v.h[j] === 0) continue; // an exact zero term
      mul(row.h[j], row.l[j], v.h[j], v.l[j]);
      add(sh, sl, out[0], out[1]);
      sh = out[0];
      sl = out[1];
    }
    r.h[i] = sh;
    r.l[i] = sl;
  });
  return r;
}

/** Σ_i M[i][j]·v[i] for every column j of M: Mᵀ·v. */
export function matTvec(M: readonly DDVector[], v: DDVector): DDVector {
  const n = M[0]?.h.length ?? 0;
  const r = zeroVector(n);
  M.forEach((row, i) => {
    if (v.h[i] === 0) return;
    for (let j = 0; j < n; j++) {
      mul(row.h[j], row.l[j], v.h[i], v.l[i]);
      add(r.h[j], r.l[j], out[0], out[1]);
      r.h[j] = out[0];
      r.l[j] = out[1];
    }
  });
  return r;
}

/** u + v elementwise (a new vector). */
export function plus(u: DDVector, v: DDVector): DDVector {
  const r = zeroVector(u.h.length);
  for (let k = 0; k < u.h.length; k++) {
    add(u.h[k], u.l[k], v.h[k], v.l[k]);
    r.h[k] = out[0];
    r.l[k] = out[1];
  }
  return r;
}

/** S ← S + u·vᵀ in place (S's rows are double-double vectors). */
export function addOuter(S: DDVector[], u: DDVector, v: DDVector): void {
  S.forEach((row, i) => {
    if (u.h[i] === 0) return;
    for (let j = 0; j < v.h.length; j++) {
      if (v.h[j] === 0) continue;
      mul(u.h[i], u.l[i], v.h[j], v.l[j]);
      add(row.h[j], row.l[j], out[0], out[1]);
      row.h[j] = out[0];
      row.l[j] = out[1];
    }
  });
}

/** u ← u + v in place. */
export function addInto(u: DDVector, v: DDVector): void {
  for (let k = 0; k < u.h.length; k++) {
    add(u.h[k], u.l[k], v.h[k], v.l[k]);
    u.h[k] = out[0];
    u.l[k] = out[1];
  }
}
