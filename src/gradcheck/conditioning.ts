/**
 * The float64 floor of a gradient: how far ∂L/∂θ, as BPTT computes it in float64, can honestly be
 * from the exact value. Rounding inside the forward and backward passes acts like perturbing their
 * inputs by a few ulps (a matrix–vector product is exact for slightly perturbed entries), so we
 * measure it: BPTT again on ULP_RUNS copies of the problem with every entry of Wax, Waa, Wya, ba,
 * by and a⟨0⟩ multiplied by (1 + ULP_SIZE·ε·r), r uniform in [−1, 1], and keep the largest change
 * of each entry (and of L). On an exploding model this grows with the conditioning, as it should.
 * To it we add what such perturbations cannot show: each step's own roundings (`termFloor`).
 */
import { NumpyRandom } from '../random/numpy.js';
import { mapSlots, type Evaluator, type Flat } from './evaluator.js';
import { SLOTS, type Slot } from './problem.js';
import { propagate, stepSizes, sumFloor } from './roundings.js';
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
 * The rounding that ulp perturbations of the inputs cannot show (roundings.ts): the sums' rounding
 * (`sumFloor`) plus the largest change, over ULP_RUNS draws, that every step's own roundings make
 * when pushed back through BPTT (`propagate`), each a relative ULP_SIZE·ε·r with r uniform in
 * [−1, 1]: a few roundings' worth, as for the inputs. The rounding of 1 − a² is drawn once per
 * distinct value of a in a draw: it is a function of a, so a saturated state that recurs repeats it
 * and its effects add up rather than average out (measured: a T = 32 model whose a⟨t⟩₁ keeps
 * returning to the same values near −1 errs 4.9e-17 on ∂L/∂ba₁ = 7.2e-6; fresh draws per step
 * estimated 4.6e-17, one draw per value 1.1e-15; bench/gradcheck-floor.mjs measures the rest).
 */
export function termFloor(ev: Evaluator, rng: NumpyRandom): Flat {
  const im = ev.intermediates();
  const sizes = stepSizes(im, ev.theta);
  const out = sumFloor(im, ev.theta, sizes);
  const u = ULP_SIZE * EPSILON;
  const r = () => u * (2 * rng.randomSample() - 1);
  const worst = mapSlots((s) => new Float64Array(ev.theta[s].length));
  for (let run = 0; run < ULP_RUNS; run++) {
    const seen = new Map<number, number>();
    const oneMinusASquared = (a: number) => seen.get(a) ?? (seen.set(a, r()), seen.get(a)!);
    const delta = propagate(im, ev.theta, sizes, { o: r, yHat: r, da: r, oneMinusASquared });
    for (const s of SLOTS) {
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
