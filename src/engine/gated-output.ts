/**
 * The output layer every cell shares — eqs. (5), (6), (15) forward and (17)–(20) backward, as in
 * src/engine/rnn.ts — for the gated engines: ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by) on a⟨t⟩ from a state
 * history, with the template's max-shift and numpy's summation order for the denominator.
 *
 * Shapes: nA = hidden size, V = vocabulary size; Wya V×nA row-major, yHat T×V.
 */
import { outputStep, type Kernels } from './rnn.js';

/** The output layer's parameters and gradients, views in one kernels memory. */
export interface OutputLayer {
  readonly Wya: Float64Array;
  readonly by: Float64Array;
}

/** Eqs. (5), (6) and one term of (15): fills ŷ⟨t⟩ = yHat[t·V…] from a⟨t⟩ = a[aAt…], returns −log ŷ⟨t⟩[y]. */
export function outputForward(k: Kernels, { Wya, by }: OutputLayer, a: Float64Array, aAt: number, yHat: Float64Array, t: number, y: number): number {
  return outputStep(k, Wya, by, a, aAt, yHat, t, y);
}

/**
 * Eqs. (17), (19), (20) at step t: ∂l/∂o⟨t⟩ = ŷ⟨t⟩ − y⟨t⟩ written over ŷ⟨t⟩, dby += it, and
 * da = Wyaᵀ·(ŷ⟨t⟩ − y⟨t⟩) + daNext written into `da`. dWya (eq. (18)) is `outputWeightGradient` once T is done.
 */
export function outputBackward(k: Kernels, { Wya }: OutputLayer, dby: Float64Array, yHat: Float64Array, t: number, y: number, daNext: Float64Array, da: Float64Array): void {
  const V = dby.length;
  const nA = da.length;
  const yo = t * V;
  yHat[yo + y] -= 1;
  for (let j = 0; j < V; j++) dby[j] += yHat[yo + j];
  k.vecmat(yHat.byteOffset + yo * 8, Wya.byteOffset, da.byteOffset, V, nA);
  for (let i = 0; i < nA; i++) da[i] += daNext[i];
}

/** Eq. (18) — dWya += Σₜ (ŷ⟨t⟩ − y⟨t⟩)·a⟨t⟩ᵀ over the T rows `outputBackward` left in yHat; a⟨1⟩ is at a[nA…]. */
export function outputWeightGradient(k: Kernels, dWya: Float64Array, yHat: Float64Array, a: Float64Array, nA: number, T: number): void {
  k.accOuter(dWya.byteOffset, yHat.byteOffset, a.byteOffset + nA * 8, dWya.length / nA, nA, T);
}
