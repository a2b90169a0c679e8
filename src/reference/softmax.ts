/**
 * Softmax, the per-step cross-entropy loss, and their gradients — eqs. (5), (16), (17) and the
 * unnumbered softmax–cross-entropy gradient of section 3.1.
 *
 * nY = output size. o⟨t⟩ (logits) and ŷ⟨t⟩ are nY×1; a target is an index k in [0, nY).
 * Shifting by m = max Re(o) keeps exp() finite; m is a constant, so derivatives (including the
 * complex-step one) are unchanged.
 */
import {
  elementwise,
  elementwiseAt,
  entries,
  entry,
  realPart,
  sadd,
  sdiv,
  sexp,
  slog,
  smul,
  ssub,
  total,
  type Matrix,
  type Scalar,
} from './linalg.js';

/** m = max Re(oᵢ), the shift that keeps exp() from overflowing. */
function maxShift(o: Matrix): number {
  return Math.max(...entries(o).map(realPart));
}

/** Eq. (5) — ŷ = softmax(o): ŷᵢ = exp(oᵢ − m) / Σⱼ exp(oⱼ − m). */
export function softmax(o: Matrix): Matrix {
  const m = maxShift(o);
  const e = elementwise(o, (v) => sexp(ssub(v, m)));
  const s = total(e);
  return elementwise(e, (v) => sdiv(v, s));
}

/** log Σⱼ exp(oⱼ) = m + log Σⱼ exp(oⱼ − m), finite for any finite logits. */
export function logSumExp(o: Matrix): Scalar {
  const m = maxShift(o);
  return sadd(m, slog(total(elementwise(o, (v) => sexp(ssub(v, m))))));
}

/** log ŷ = o − logSumExp(o), computed without ever forming ŷ (so never log 0). */
export function logSoftmax(o: Matrix): Matrix {
  const lse = logSumExp(o);
  return elementwise(o, (v) => ssub(v, lse));
}

/** Eq. (15), one term — l(ŷ⟨t⟩, y⟨t⟩) = −log ŷ_k for target index k, from the logits (log-softmax). */
export function crossEntropy(o: Matrix, target: number): Scalar {
  return ssub(logSumExp(o), entry(o, target, 0));
}

/** Section 3.1 (unnumbered) — ∂l/∂o = softmax(o) − y, the fused softmax–cross-entropy gradient. */
export function softmaxCrossEntropyGradient(yHat: Matrix, target: number): Matrix {
  return elementwiseAt(yHat, (v, i) => (i === target ? ssub(v, 1) : v));
}

/** Eq. (16) — ∂L/∂ŷ = ∂L/∂l · ∂l/∂ŷ, with ∂L/∂l = 1 (L is a plain sum) and ∂l/∂ŷ = −y / ŷ. */
export function dLossdYHat(yHat: Matrix, target: number): Matrix {
  return elementwiseAt(yHat, (v, i) => (i === target ? sdiv(-1, v) : 0));
}

/**
 * Eq. (17) — ∂L/∂o = (∂ŷ/∂o)ᵀ · ∂L/∂ŷ, where ∂ŷ/∂o = diag(ŷ) − ŷŷᵀ (symmetric, so the order the
 * document writes does not matter). Jacobian-vector form: ŷ ⊙ (dyHat − ŷᵀ·dyHat).
 */
export function backpropSoftmax(dyHat: Matrix, yHat: Matrix): Matrix {
  // forward, eq. (5), was:  ŷ = softmax(o)
  // so now we have:         do = ŷ ⊙ (dŷ − Σⱼ ŷⱼ dŷⱼ)
  const yHatValues = entries(yHat);
  const inner = entries(dyHat).reduce<Scalar>((s, d, j) => sadd(s, smul(yHatValues[j], d)), 0);
  return elementwiseAt(dyHat, (d, i) => smul(yHatValues[i], ssub(d, inner)));
}
