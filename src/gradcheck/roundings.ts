/**
 * BPTT's own roundings, step by step, and how far they move ∂L/∂θ (the part of the float64 floor,
 * conditioning.ts, that ulp perturbations of the inputs cannot show). An input perturbation moves
 * every step's use of a parameter alike: the gradient it gives is the exact gradient of a nearby
 * problem and keeps that problem's cancellations. A step's own rounding keeps none. Measured on
 * SATURATED_A0 (spec/gradcheck/saturated-a0.json, bench/gradcheck-floor.mjs): ∂L/∂a⟨1⟩ =
 * Wyaᵀ·dy⟨1⟩ + Waaᵀ·dz⟨2⟩ cancels to 1.8e-4 from terms of order 1, so the ~1e-16 rounding of
 * dy⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩ becomes a 4e-12 relative error of ∂L/∂a⟨1⟩ that ∂L/∂a⟨0⟩ = Waaᵀ·dz⟨1⟩
 * inherits: 6.6e-17 on an entry of 8.5e-6, where the input spread is 5e-19.
 *
 * Shapes: nA = hidden size, nX = input size, nY = output size, T = sequence length; values flat
 * and row-major by time, as `Intermediates`.
 */
import { mapSlots, type Flat, type Intermediates } from './evaluator-types.js';
import type { Slot } from './problem.js';
import { EPSILON } from './tolerances.js';

/** Parameters and a⟨0⟩, flat (an evaluator's `theta`). */
type Theta = Readonly<Record<Slot, Float64Array>>;

/** Per step, what BPTT's roundings scale with. */
export interface StepSizes {
  readonly nA: number;
  readonly nX: number;
  readonly nY: number;
  readonly T: number;
  /** Eq. (23): dz⟨t⟩ = da⟨t⟩ ⊙ (1 − a⟨t⟩²), T·nA. */
  readonly dz: Float64Array;
  /** Eq. (5): ŷ⟨t⟩, T·nY. */
  readonly yHat: Float64Array;
  /** Eq. (6): Σⱼ |Wya[k][j]·a⟨t⟩ⱼ| + |byₖ|, what the sum o⟨t⟩ₖ rounds against, T·nY. */
  readonly oTerms: Float64Array;
  /** Eqs. (20)–(21): Σₖ |Wya[k][i]·dy⟨t⟩ₖ| + Σⱼ |Waa[j][i]·dz⟨t+1⟩ⱼ|, what the sum da⟨t⟩ᵢ rounds against, T·nA. */
  readonly daTerms: Float64Array;
}

/** Eqs. (5)–(6), (20)–(23): the sizes of each step's roundings, from BPTT's intermediates. */
export function stepSizes(im: Intermediates, theta: Theta): StepSizes {
  const { a, da, dy } = im;
  const { Waa, Wya, by } = theta;
  const [nA, nY] = [theta.ba.length, by.length];
  const T = dy.length / nY;
  const nX = theta.Wax.length / nA;
  const dz = da.map((d, k) => d * (1 - a[k + nA] ** 2));
  const yHat = new Float64Array(T * nY);
  const oTerms = new Float64Array(T * nY);
  const daTerms = new Float64Array(T * nA);
  for (let t = 0; t < T; t++) {
    const o = new Float64Array(nY);
    for (let k = 0; k < nY; k++) {
      o[k] = by[k];
      oTerms[t * nY + k] = Math.abs(by[k]);
      for (let j = 0; j < nA; j++) {
        const term = Wya[k * nA + j] * a[(t + 1) * nA + j];
        o[k] += term;
        oTerms[t * nY + k] += Math.abs(term);
        daTerms[t * nA + j] += Math.abs(Wya[k * nA + j] * dy[t * nY + k]);
      }
    }
    const m = Math.max(...o);
    const e = o.map((ok) => Math.exp(ok - m));
    const sum = e.reduce((s, ek) => s + ek, 0);
    for (let k = 0; k < nY; k++) yHat[t * nY + k] = e[k] / sum;
    for (let i = 0; t + 1 < T && i < nA; i++) {
      for (let j = 0; j < nA; j++) daTerms[t * nA + j] += Math.abs(Waa[i * nA + j] * dz[(t + 1) * nA + i]);
    }
  }
  return { nA, nX, nY, T, dz, yHat, oTerms, daTerms };
}

/**
 * The rounding of the sums over t (and over i for a⟨0⟩): each gradient entry is a sum of the terms
 * of (18), (19), (24)–(26) (∂L/∂a⟨0⟩ = Waaᵀ·dz⟨1⟩); a length-T sum rounds by about √T·ε·Σ|terms|,
 * however small the sum (cancellation):
 *   Wax[i][j]: Σₜ |dzᵢ·xⱼ|  Waa[i][j]: Σₜ |dzᵢ·a⟨t−1⟩ⱼ|  ba[i]: Σₜ |dzᵢ|  Wya[k][j]: Σₜ |dyₖ·a⟨t⟩ⱼ|
 *   by[k]: Σₜ |dyₖ|  a0[j]: Σᵢ |Waa[i][j]·dz⟨1⟩ᵢ| (√nA·ε there).
 */
export function sumFloor(im: Intermediates, theta: Theta, sizes: StepSizes): Flat {
  const { x, a, dy } = im;
  const { nA, nX, nY, T, dz } = sizes;
  const sum = EPSILON * Math.sqrt(Math.max(1, T));
  const out = mapSlots((s) => new Float64Array(theta[s].length));
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < nA; i++) {
      const m = sum * Math.abs(dz[t * nA + i]);
      out.ba[i] += m;
      for (let j = 0; j < nX; j++) out.Wax[i * nX + j] += m * Math.abs(x[t * nX + j]);
      for (let j = 0; j < nA; j++) out.Waa[i * nA + j] += m * Math.abs(a[t * nA + j]);
    }
    for (let k = 0; k < nY; k++) {
      const d = sum * Math.abs(dy[t * nY + k]);
      out.by[k] += d;
      for (let j = 0; j < nA; j++) out.Wya[k * nA + j] += d * Math.abs(a[(t + 1) * nA + j]);
    }
  }
  for (let i = 0; T > 0 && i < nA; i++) {
    for (let j = 0; j < nA; j++) out.a0[j] += EPSILON * Math.sqrt(nA) * Math.abs(theta.Waa[i * nA + j] * dz[i]);
  }
  return out;
}

/**
 * One signed relative rounding at each site where BPTT rounds (floating-point arithmetic makes each
 * operation exact for an input moved by at most ε/2 relative).
 */
export interface Roundings {
  /** Eq. (6): o⟨t⟩ₖ's sum, relative to oTerms. */
  o(t: number, k: number): number;
  /** Eq. (5): the softmax's exp, sum and division, relative to ŷ⟨t⟩ₖ. */
  yHat(t: number, k: number): number;
  /** Eqs. (20)–(21): da⟨t⟩ᵢ's sum, relative to daTerms. */
  da(t: number, i: number): number;
  /** Eq. (23): 1 − a² formed from the float64 a, absolute; a function of a alone (a repeated state repeats it). */
  oneMinusASquared(a: number): number;
}

/**
 * Eqs. (16)–(26) to first order: the change of every gradient entry that `roundings` cause,
 *   δo⟨t⟩ = r ⊙ oTerms⟨t⟩,   δdy⟨t⟩ = ŷ⟨t⟩ ⊙ (δo⟨t⟩ − ŷ⟨t⟩ᵀ·δo⟨t⟩ + r)       softmax (5), (16)–(17)
 *   δda⟨t⟩ = Wyaᵀ·δdy⟨t⟩ + Waaᵀ·δdz⟨t+1⟩ + r ⊙ daTerms⟨t⟩                       (20)–(21)
 *   δdz⟨t⟩ = δda⟨t⟩ ⊙ (1 − a⟨t⟩²) + da⟨t⟩ ⊙ r(a⟨t⟩)                                (23)
 * and δ of (18), (19), (24)–(26) and of ∂L/∂a⟨0⟩ = Waaᵀ·dz⟨1⟩, summed over t with their signs.
 */
export function propagate(im: Intermediates, theta: Theta, sizes: StepSizes, r: Roundings): Flat {
  const { x, a, da } = im;
  const { Waa, Wya } = theta;
  const { nA, nX, nY, T, yHat, oTerms, daTerms } = sizes;
  const delta = mapSlots((s) => new Float64Array(theta[s].length));
  let back = new Float64Array(nA); // Waaᵀ·δdz⟨t+1⟩
  for (let t = T - 1; t >= 0; t--) {
    const y = yHat.subarray(t * nY, (t + 1) * nY);
    const dO = Float64Array.from(oTerms.subarray(t * nY, (t + 1) * nY), (v, k) => v * r.o(t, k));
    const mean = dO.reduce((c, v, k) => c + y[k] * v, 0);
    const ddy = dO.map((v, k) => y[k] * (v - mean + r.yHat(t, k)));
    for (let k = 0; k < nY; k++) {
      delta.by[k] += ddy[k];
      for (let j = 0; j < nA; j++) delta.Wya[k * nA + j] += ddy[k] * a[(t + 1) * nA + j];
    }
    const ddz = new Float64Array(nA);
    for (let i = 0; i < nA; i++) {
      let dda = back[i] + daTerms[t * nA + i] * r.da(t, i);
      for (let k = 0; k < nY; k++) dda += Wya[k * nA + i] * ddy[k];
      const ai = a[(t + 1) * nA + i];
      ddz[i] = dda * (1 - ai * ai) + da[t * nA + i] * r.oneMinusASquared(ai);
      delta.ba[i] += ddz[i];
      for (let j = 0; j < nX; j++) delta.Wax[i * nX + j] += ddz[i] * x[t * nX + j];
      for (let j = 0; j < nA; j++) delta.Waa[i * nA + j] += ddz[i] * a[t * nA + j];
    }
    back = new Float64Array(nA);
    for (let i = 0; i < nA; i++) for (let j = 0; j < nA; j++) back[j] += Waa[i * nA + j] * ddz[i];
  }
  delta.a0.set(back);
  return delta;
}
