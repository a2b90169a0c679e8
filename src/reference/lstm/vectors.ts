/**
 * Column-vector stacking shared by the gated cells (LSTM, GRU): [u; v] and its blocks, and the
 * logistic sigmoid. Entries may be mathjs Complex values (complex-step differentiation).
 */
import { column, elementwise, entries, realPart, sadd, sdiv, sexp, smul, ssub, type Matrix, type Scalar } from '../linalg.js';

/** [u; v] — the column vectors u and v stacked, u on top. */
export function stack(...parts: readonly Matrix[]): Matrix {
  return column(parts.flatMap(entries));
}

/** Rows [from, from + n) of a column vector. */
export function block(v: Matrix, from: number, n: number): Matrix {
  return column(entries(v).slice(from, from + n));
}

/**
 * σ(z) = 1 / (1 + e^−z), written as e^z / (1 + e^z) when Re z < 0 so that e^±z never overflows.
 * Both forms are the same analytic function, so the complex step differentiates either.
 */
export function sigmoidScalar(z: Scalar): Scalar {
  if (realPart(z) >= 0) return sdiv(1, sadd(1, sexp(smul(-1, z))));
  const e = sexp(z);
  return sdiv(e, sadd(1, e));
}

/** σ applied elementwise. */
export function sigmoid(z: Matrix): Matrix {
  return elementwise(z, sigmoidScalar);
}

/** σ'(z) = σ(z)(1 − σ(z)), from the saved output s = σ(z). */
export function sigmoidDerivative(s: Matrix): Matrix {
  return elementwise(s, (v) => smul(v, ssub(1, v)));
}

/** 1 − v² elementwise: tanh'(z) from the saved output v = tanh(z). */
export function tanhDerivativeOf(v: Matrix): Matrix {
  return elementwise(v, (x) => ssub(1, smul(x, x)));
}

/** 1 − v elementwise. */
export function oneMinus(v: Matrix): Matrix {
  return elementwise(v, (x) => ssub(1, x));
}
