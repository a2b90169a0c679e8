/**
 * The float64 floor of a gradient: how far ∂L/∂θ, as BPTT computes it in float64, can honestly be
 * from the exact value. Rounding inside the forward and backward passes acts like perturbing their
 * inputs by a few ulps (a matrix–vector product is exact for slightly perturbed entries), so we
 * measure it: BPTT again on ULP_RUNS copies of the problem with every entry of Wax, Waa, Wya, ba,
 * by and a⟨0⟩ multiplied by (1 + ULP_SIZE·ε·r), r uniform in [−1, 1], and keep the largest change
 * of each entry (and of L). On an exploding model this grows with the conditioning, as it should.
 */
import { NumpyRandom } from '../random/numpy.js';
import { mapSlots, type Evaluator, type Flat } from './evaluator.js';
import { SLOTS, type Slot } from './problem.js';
import { EPSILON, ULP_RUNS, ULP_SIZE } from './tolerances.js';

export interface Float64Floor {
  /** L at θ on the evaluator's path. */
  readonly loss: number;
  /** δL: the rounding noise of one evaluation of L (≥ ε·|L|). */
  readonly lossNoise: number;
  /** Our BPTT's ∇L at θ on the evaluator's path. */
  readonly gradient: Flat;
  /** BPTT's ∇L at each ulp-perturbed copy. */
  readonly samples: readonly Flat[];
  /** Per entry: max over the copies of |∂L/∂θ (copy) − ∂L/∂θ|. */
  readonly spread: Flat;
  /** Per entry: the rounding that ulp perturbations cannot show, from 1 − a² (see `saturationFloor`). */
  readonly saturation: Flat;
}

/** The float64 floor of entry k of a slot: spread + saturation. */
export function floorOf(floor: Float64Floor, slot: Slot, k: number): number {
  return floor.spread[slot][k] + floor.saturation[slot][k];
}

/**
 * Eq. (23)'s factor 1 − a⟨t⟩² is formed from a rounded a⟨t⟩, so it is known only to about ε
 * absolutely: near saturation (a → ±1) that is a large relative error, and perturbing the inputs
 * does not show it (tanh is then insensitive to them). Each dz⟨t⟩ᵢ = da⟨t⟩ᵢ·(1 − a²) thus carries
 * ≈ ε·|da⟨t⟩ᵢ|, which reaches (25), (26), (24) and ∂L/∂a⟨0⟩ = Waaᵀ·dz⟨1⟩ directly:
 *   Wax[i][x]: ε·Σ_{t: x⟨t⟩ = x} |daᵢ|   ba[i]: ε·Σₜ |daᵢ|   Waa[i][j]: ε·Σₜ |daᵢ|·|a⟨t−1⟩ⱼ|
 *   a0[j]: ε·Σᵢ |Waa[i][j]|·|da⟨1⟩ᵢ|     Wya, by: 0 (no tanh between them and L)
 */
export function saturationFloor(ev: Evaluator, inputs: readonly unknown[]): Flat {
  const { a, da } = ev.hiddenStates();
  const nA = ev.theta.ba.length;
  const V = ev.shapes.Wax[1];
  const out = mapSlots((s) => new Float64Array(ev.theta[s].length));
  for (let t = 0; t < inputs.length; t++) {
    const x = inputs[t];
    for (let i = 0; i < nA; i++) {
      const e = EPSILON * Math.abs(da[t * nA + i]);
      out.ba[i] += e;
      if (typeof x === 'number') out.Wax[i * V + x] += e;
      for (let j = 0; j < nA; j++) out.Waa[i * nA + j] += e * Math.abs(a[t * nA + j]);
      if (t === 0) for (let j = 0; j < nA; j++) out.a0[j] += Math.abs(ev.theta.Waa[i * nA + j]) * e;
    }
  }
  return out;
}

/** Measures the floor (numpy stream `seed` draws the perturbations). */
export function float64Floor(ev: Evaluator, inputs: readonly unknown[], seed = 0): Float64Floor {
  const rng = new NumpyRandom(seed);
  const base = ev.gradientsScaled(mapSlots((s) => new Float64Array(ev.theta[s].length)));
  const spread = mapSlots((s) => new Float64Array(ev.theta[s].length));
  let lossSpread = 0;
  const samples: Flat[] = [];
  for (let r = 0; r < ULP_RUNS; r++) {
    const f = mapSlots((s) => ev.theta[s].map(() => ULP_SIZE * EPSILON * (2 * rng.randomSample() - 1)));
    const run = ev.gradientsScaled(f);
    samples.push(run.gradients);
    lossSpread = Math.max(lossSpread, Math.abs(run.loss - base.loss));
    for (const s of SLOTS) {
      for (let k = 0; k < spread[s].length; k++) {
        spread[s][k] = Math.max(spread[s][k], Math.abs(run.gradients[s][k] - base.gradients[s][k]));
      }
    }
  }
  return {
    loss: base.loss,
    lossNoise: Math.max(lossSpread, EPSILON * Math.abs(base.loss)),
    gradient: base.gradients,
    samples,
    spread,
    saturation: saturationFloor(ev, inputs),
  };
}

/** The relative condition number shown to users: (spread / |g|) / (ULP_SIZE·ε), 0 for g = spread = 0. */
export function conditionOf(spread: number, g: number): number {
  if (spread === 0) return 0;
  return spread / (Math.abs(g) * ULP_SIZE * EPSILON);
}
