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
  /** Per entry: the rounding that ulp perturbations cannot show (see `termFloor`). */
  readonly terms: Flat;
}

/** The float64 floor of entry k of a slot: spread + terms. */
export function floorOf(floor: Float64Floor, slot: Slot, k: number): number {
  return floor.spread[slot][k] + floor.terms[slot][k];
}

/**
 * The rounding that ulp perturbations of the inputs cannot show.
 * (1) Sums: each gradient entry is a sum over t of terms (18), (19), (24)–(26) (and ∂L/∂a⟨0⟩ =
 *     Waaᵀ·dz⟨1⟩); summing rounds by about √T·ε·Σ|terms|, however small the sum (cancellation):
 *     Wax[i][j]: Σₜ |dzᵢ·xⱼ|  Waa[i][j]: Σₜ |dzᵢ·a⟨t−1⟩ⱼ|  ba[i]: Σₜ |dzᵢ|  Wya[k][j]: Σₜ |dyₖ·a⟨t⟩ⱼ|
 *     by[k]: Σₜ |dyₖ|  a0[j]: Σᵢ |Waa[i][j]·dz⟨1⟩ᵢ| (√nA·ε there).
 * (2) Saturation: eq. (23)'s 1 − a⟨t⟩² is formed from a⟨t⟩ in float64, so it is known only to
 *     about ε absolutely — a large relative error near a = ±1 that input perturbations cannot move
 *     (tanh is flat there). We measure its effect as the input spread is measured: BPTT's error
 *     equations run with (1 − a²) replaced by (1 − a² + ULP_SIZE·ε·r), r uniform in [−1, 1],
 *       δdz⟨t⟩ = δda⟨t⟩ ⊙ (1 − a⟨t⟩²) + da⟨t⟩ ⊙ ULP_SIZE·ε·r⟨t⟩,   δda⟨t−1⟩ = Waaᵀ·δdz⟨t⟩
 *     (exact first-order propagation, signs included), ULP_RUNS times; the largest |δ| per entry.
 */
export function termFloor(ev: Evaluator, rng: NumpyRandom): Flat {
  const { x, a, da, dy } = ev.intermediates();
  const nA = ev.theta.ba.length;
  const [nY, nX] = [ev.theta.by.length, ev.shapes.Wax[1]];
  const T = dy.length / nY;
  const Waa = ev.theta.Waa;
  const sum = EPSILON * Math.sqrt(Math.max(1, T));
  const out = mapSlots((s) => new Float64Array(ev.theta[s].length));
  const dz = (t: number, i: number) => da[t * nA + i] * (1 - a[(t + 1) * nA + i] ** 2);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < nA; i++) {
      const m = sum * Math.abs(dz(t, i));
      out.ba[i] += m;
      for (let j = 0; j < nX; j++) out.Wax[i * nX + j] += m * Math.abs(x[t * nX + j]);
      for (let j = 0; j < nA; j++) out.Waa[i * nA + j] += m * Math.abs(a[t * nA + j]);
      if (t === 0) for (let j = 0; j < nA; j++) out.a0[j] += EPSILON * Math.sqrt(nA) * Math.abs(Waa[i * nA + j] * dz(0, i));
    }
    for (let k = 0; k < nY; k++) {
      const d = Math.abs(dy[t * nY + k]);
      out.by[k] += sum * d;
      for (let j = 0; j < nA; j++) out.Wya[k * nA + j] += sum * d * Math.abs(a[(t + 1) * nA + j]);
    }
  }
  const worst = mapSlots((s) => new Float64Array(ev.theta[s].length));
  for (let run = 0; run < ULP_RUNS; run++) {
    const delta = { Wax: new Float64Array(nA * nX), Waa: new Float64Array(nA * nA), ba: new Float64Array(nA), a0: new Float64Array(nA) };
    let back = new Float64Array(nA); // δda⟨t⟩'s recurrent part, Waaᵀ·δdz⟨t+1⟩
    for (let t = T - 1; t >= 0; t--) {
      const ddz = new Float64Array(nA);
      for (let i = 0; i < nA; i++) {
        const ai = a[(t + 1) * nA + i];
        ddz[i] = back[i] * (1 - ai * ai) + da[t * nA + i] * ULP_SIZE * EPSILON * (2 * rng.randomSample() - 1);
        delta.ba[i] += ddz[i];
        for (let j = 0; j < nX; j++) delta.Wax[i * nX + j] += ddz[i] * x[t * nX + j];
        for (let j = 0; j < nA; j++) delta.Waa[i * nA + j] += ddz[i] * a[t * nA + j];
      }
      back = new Float64Array(nA);
      for (let i = 0; i < nA; i++) for (let j = 0; j < nA; j++) back[j] += Waa[i * nA + j] * ddz[i];
    }
    delta.a0.set(back);
    for (const s of ['Wax', 'Waa', 'ba', 'a0'] as const) {
      for (let k = 0; k < delta[s].length; k++) worst[s][k] = Math.max(worst[s][k], Math.abs(delta[s][k]));
    }
  }
  for (const s of SLOTS) for (let k = 0; k < out[s].length; k++) out[s][k] += worst[s][k];
  return out;
}

/** Measures the floor (numpy stream `seed` draws the perturbations). */
export function float64Floor(ev: Evaluator, seed = 0): Float64Floor {
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
    terms: termFloor(ev, rng),
  };
}

/** The relative condition number shown to users: (spread / |g|) / (ULP_SIZE·ε), 0 for g = spread = 0. */
export function conditionOf(spread: number, g: number): number {
  if (spread === 0) return 0;
  return spread / (Math.abs(g) * ULP_SIZE * EPSILON);
}
