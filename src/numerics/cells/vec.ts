/**
 * Vector and matrix helpers over any number system (num.ts), shared by the cell evaluators
 * and the output layer. Matrices are arrays of rows; column vectors are flat arrays; parameters
 * that are vectors (biases) are n×1 rows, as a result document's tables are.
 */
import type { Num } from './num.js';

export type Rows<N> = N[][];

/** A toolkit bound to one number system. */
export function vec<N>(A: Num<N>) {
  const zero = A.lit(0);
  const one = A.lit(1);
  /** Σⱼ w[j]·v[j], in index order or reversed (A.reversed). */
  const dot = (w: readonly N[], v: readonly N[]): N => {
    let s = zero;
    if (A.reversed) for (let j = v.length - 1; j >= 0; j--) s = A.add(s, A.mul(w[j], v[j]));
    else for (let j = 0; j < v.length; j++) s = A.add(s, A.mul(w[j], v[j]));
    return s;
  };
  const T = {
    zero,
    one,
    dot,
    /** M·v. */
    matvec: (M: Rows<N>, v: readonly N[]) => M.map((row) => dot(row, v)),
    /** Mᵀ·v. */
    matTvec: (M: Rows<N>, v: readonly N[]) => M[0].map((_, j) => dot(M.map((row) => row[j]), v)),
    /** u + v. */
    add: (u: readonly N[], v: readonly N[]) => u.map((x, i) => A.add(x, v[i])),
    /** u − v. */
    sub: (u: readonly N[], v: readonly N[]) => u.map((x, i) => A.sub(x, v[i])),
    /** u ⊙ v. */
    had: (u: readonly N[], v: readonly N[]) => u.map((x, i) => A.mul(x, v[i])),
    /** 1 − u. */
    oneMinus: (u: readonly N[]) => u.map((x) => A.sub(one, x)),
    /** u + b for a bias b held as n×1 rows. */
    bias: (u: readonly N[], b: Rows<N>) => u.map((x, i) => A.add(x, b[i][0])),
    /** S += u·vᵀ, in place (a bias: v = [1]). */
    addOuter: (S: Rows<N>, u: readonly N[], v: readonly N[]) => S.forEach((row, i) => row.forEach((s, j) => (row[j] = A.add(s, A.mul(u[i], v[j]))))),
    /** σ(z) = 1/(1 + e^−z), as e^z/(1 + e^z) for z < 0 so that e^±z never overflows. */
    sigmoid: (u: readonly N[]) =>
      u.map((z) => {
        if (!A.gt(zero, z)) return A.div(one, A.add(one, A.exp(A.sub(zero, z))));
        const e = A.exp(z);
        return A.div(e, A.add(one, e));
      }),
    /** σ'(z) = σ(1 − σ) from the saved gate s = σ(z). */
    sigmoidPrime: (s: readonly N[]) => s.map((x) => A.mul(x, A.sub(one, x))),
    tanh: (u: readonly N[]) => u.map((x) => A.tanh(x)),
    /** 1 − v² from the saved output v = tanh(z). */
    tanhPrime: (v: readonly N[]) => v.map((x) => A.sub(one, A.mul(x, x))),
    zeros: (r: number, c: number): Rows<N> => Array.from({ length: r }, () => new Array<N>(c).fill(zero)),
    zeroVector: (n: number): N[] => new Array<N>(n).fill(zero),
    /** Rows of numbers of the case, through A.of. */
    rows: (M: readonly (readonly number[])[]): Rows<N> => M.map((row) => row.map(A.of)),
    column: (b: Rows<N>): N[] => b.map((r) => r[0]),
  };
  return T;
}

export type Vec<N> = ReturnType<typeof vec<N>>;
