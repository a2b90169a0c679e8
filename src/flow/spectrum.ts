/**
 * The spectrum of a recurrent matrix such as Waa: its spectral radius ρ(Waa) = max |λ| and its
 * largest singular value σ₁(Waa) = ‖Waa‖₂. Eq. (22)'s Jacobian diag(1 − a⟨t⟩²)·Waa has
 * ‖·‖₂ ≤ σ₁(Waa), so σ₁ < 1 guarantees that ‖∂l⟨T⟩/∂a⟨t⟩‖ decays at least as σ₁^(T−t); ρ is the
 * rate of Waa^k itself (Gelfand: ‖Waa^k‖^(1/k) → ρ).
 *
 * Waa is not symmetric, and its largest eigenvalues are often a complex pair, on which plain power
 * iteration never settles; mathjs 15's `eigs` on a general 50×50 matrix throws "failed to
 * converge" (its explicit single-shift QR cannot split a complex pair). So: the standard route,
 * reduction to upper Hessenberg form by Gaussian elimination with pivoting, then the Francis
 * double-shift QR iteration — EISPACK's elmhes/hqr as given in [1], §11.5–11.6, without balancing
 * (src/flow/francis-qr.ts).
 * Both steps are similarity transforms carried out stably in practice: the eigenvalues computed are
 * those of Waa + E with ‖E‖ of order n·ε·‖Waa‖ ([1] §11.0, [2] §7.5.6), so an eigenvalue of
 * condition κ is off by about κ·n·ε·‖Waa‖ (κ = 1 for a normal matrix).
 *
 * [1] Press, Teukolsky, Vetterling, Flannery, Numerical Recipes in C, 2nd ed. (1992).
 * [2] Golub, Van Loan, Matrix Computations, 4th ed. (2013).
 *
 * Matrices are n×n, row-major Float64Arrays (the engine's layout, src/engine/model.ts).
 */

import { hessenbergEigenvalues, oneBased, toHessenberg, type Eigenvalue } from './francis-qr.js';

export type { Eigenvalue } from './francis-qr.js';

/** Every eigenvalue of the n×n row-major matrix A (complex pairs as two entries), in no particular order. */
export function eigenvalues(A: Float64Array, n: number): Eigenvalue[] {
  if (A.length !== n * n) throw new RangeError(`eigenvalues: expected ${n}×${n} = ${n * n} entries, got ${A.length}`);
  if (n === 0) return [];
  const a = oneBased(A, n);
  toHessenberg(a, n);
  return hessenbergEigenvalues(a, n);
}

/** ρ(A) = max |λ| over A's eigenvalues: the rate at which ‖A^k‖ grows or decays. */
export function spectralRadius(A: Float64Array, n: number): number {
  return eigenvalues(A, n).reduce((m, { re, im }) => Math.max(m, Math.hypot(re, im)), 0);
}

/** AᵀA of an n×n row-major matrix (symmetric, positive semi-definite). */
export function gram(A: Float64Array, n: number): Float64Array {
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[k * n + i] * A[k * n + j];
      G[i * n + j] = G[j * n + i] = s;
    }
  }
  return G;
}

/**
 * σ₁(A) = ‖A‖₂ = √λmax(AᵀA). AᵀA is symmetric, so its eigenvalues are real and perfectly
 * conditioned: the computed λmax is off by about n·ε·‖A‖², σ₁ by half that relatively. (Forming
 * AᵀA loses the small singular values, not the largest.)
 */
export function largestSingularValue(A: Float64Array, n: number): number {
  return Math.sqrt(Math.max(0, ...eigenvalues(gram(A, n), n).map((e) => e.re)));
}
