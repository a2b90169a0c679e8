/**
 * Thin, typed wrappers over the mathjs operations the reference uses.
 *
 * mathjs' own typings return the wide `MathType`; these say what the reference relies on:
 * matrices stay matrices and scalars stay `number | Complex`. Everything here is elementwise or
 * a plain product, so it runs unchanged on matrices whose entries are mathjs `Complex` values.
 */
import {
  add as mAdd,
  divide as mDivide,
  dotMultiply,
  exp as mExp,
  log as mLog,
  map,
  matrix,
  multiply as mMultiply,
  sqrt as mSqrt,
  subtract as mSubtract,
  tanh as mTanh,
  transpose as mTranspose,
  zeros as mZeros,
} from 'mathjs';
import type { Complex, Matrix } from 'mathjs';

export type { Complex, Matrix } from 'mathjs';

/** A matrix entry: a real number, or a mathjs Complex during complex-step differentiation. */
export type Scalar = number | Complex;

/** An m×n matrix from nested rows (copied; the argument is not kept). */
export function fromRows(rows: readonly (readonly Scalar[])[]): Matrix {
  return matrix(rows.map((r) => [...r]) as Scalar[][]) as Matrix;
}

/** An n×1 column vector, the document's shape for x⟨t⟩, a⟨t⟩, ŷ⟨t⟩, ba and by. */
export function column(values: readonly Scalar[]): Matrix {
  return fromRows(values.map((v) => [v]));
}

/** An m×n matrix of zeros. */
export function zeros(m: number, n: number): Matrix {
  return mZeros(m, n) as Matrix; // mathjs returns an Array for zeros([m, n])
}

/** [rows, columns] of a 2-D matrix. */
export function shape(M: Matrix): [number, number] {
  const s = M.size();
  return [s[0], s[1] ?? 1];
}

/** Entry (i, j), zero-based. */
export function entry(M: Matrix, i: number, j: number): Scalar {
  return M.get([i, j]) as Scalar;
}

/** The entries in row-major order. */
export function entries(M: Matrix): Scalar[] {
  return (M.toArray() as Scalar[][]).flat();
}

/** The real part of a scalar (a number is its own real part). */
export function realPart(v: Scalar): number {
  return typeof v === 'number' ? v : v.re;
}

/** The imaginary part of a scalar (0 for a number). */
export function imagPart(v: Scalar): number {
  return typeof v === 'number' ? 0 : v.im;
}

/** A copy of M with entry (i, j) replaced. */
export function withEntry(M: Matrix, i: number, j: number, v: Scalar): Matrix {
  const C = M.clone();
  C.set([i, j], v);
  return C;
}

/** Apply f to every entry (mathjs' map passes extra arguments; f sees only the value). */
export function elementwise(M: Matrix, f: (v: Scalar) => Scalar): Matrix {
  return map(M, (v: Scalar) => f(v)) as Matrix;
}

/** Apply f to every entry, with its zero-based row and column. */
export function elementwiseAt(M: Matrix, f: (v: Scalar, i: number, j: number) => Scalar): Matrix {
  return M.map((v: Scalar, index: number[]) => f(v, index[0], index[1] ?? 0)) as Matrix;
}

export const matmul = (A: Matrix, B: Matrix): Matrix => mMultiply(A, B) as Matrix;
export const plus = (A: Matrix, B: Matrix): Matrix => mAdd(A, B) as Matrix;
export const minus = (A: Matrix, B: Matrix): Matrix => mSubtract(A, B) as Matrix;
export const hadamard = (A: Matrix, B: Matrix): Matrix => dotMultiply(A, B) as Matrix;
export const transpose = (A: Matrix): Matrix => mTranspose(A) as Matrix;
export const scale = (A: Matrix, s: Scalar): Matrix => mMultiply(A, s as number) as Matrix;
/** u·vᵀ — the outer product of two column vectors. */
export const outer = (u: Matrix, v: Matrix): Matrix => matmul(u, transpose(v));

export const sadd = (a: Scalar, b: Scalar): Scalar => mAdd(a as number, b as number) as Scalar;
export const ssub = (a: Scalar, b: Scalar): Scalar => mSubtract(a as number, b as number) as Scalar;
export const smul = (a: Scalar, b: Scalar): Scalar => mMultiply(a as number, b as number) as Scalar;
export const sdiv = (a: Scalar, b: Scalar): Scalar => mDivide(a as number, b as number) as Scalar;
export const sexp = (a: Scalar): Scalar => mExp(a as number) as Scalar;
export const slog = (a: Scalar): Scalar => mLog(a as number) as Scalar;
export const stanh = (a: Scalar): Scalar => mTanh(a as number) as Scalar;
export const ssqrt = (a: Scalar): Scalar => mSqrt(a as number) as Scalar;

/** Σ of all entries. */
export function total(M: Matrix): Scalar {
  return entries(M).reduce<Scalar>((s, v) => sadd(s, v), 0);
}
