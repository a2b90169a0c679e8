/**
 * Directional gradient checks, for models too large to perturb entry by entry: for a random unit
 * direction u over all of (Wax, Waa, Wya, ba, by, a⟨0⟩),
 *   analytic  ∇L·u  (BPTT, eqs. (18)–(26))
 *   central   Ridders-extrapolated (L(θ + hu) − L(θ − hu)) / 2h, with its error estimate
 *   complex   Im L(θ + ihu) / h                one evaluation
 * judged as the elementwise checks are (elementwise.ts `judge`): the float64 floor of ∇L·u is the
 * ulp-perturbed spread of BPTT's ∇L·u plus the rounding of the dot product itself, √n·ε·Σ|gₖuₖ|.
 */
import { lossAndGradients } from '../reference/bptt.js';
import { fromRows, shape, type Matrix } from '../reference/linalg.js';
import { NumpyRandom } from '../random/numpy.js';
import type { Gradients } from '../reference/types.js';
import { float64Floor } from './conditioning.js';
import { evaluatorFor, flatGradients, flatMatrices, type Flat, type Path } from './evaluator.js';
import { complexRounding, judge, type CheckOptions, type Method, type Verdict } from './elementwise.js';
import { extrapolate } from './extrapolation.js';
import { slotValue, SLOTS, type Problem, type Slot } from './problem.js';
import { COMPLEX_STEP, EPSILON, relativeError } from './tolerances.js';

export interface DirectionResult extends Verdict {
  readonly relativeError: number;
}

export interface DirectionalReport {
  readonly method: Method;
  readonly path: Path;
  readonly pass: boolean;
  /** Every direction conclusive (Verdict.conclusive). */
  readonly conclusive: boolean;
  readonly maxRelativeError: number;
  readonly directions: readonly DirectionResult[];
}

/** A random direction with unit Euclidean norm over all slots together (numpy stream `seed`). */
export function randomDirection(problem: Problem, rng: NumpyRandom): Record<Slot, Matrix> {
  const raw = SLOTS.map((slot) => {
    const [r, c] = shape(slotValue(problem, slot));
    return rng.randn(r, c);
  });
  const norm = Math.sqrt(raw.flat(2).reduce((s, v) => s + v * v, 0));
  return Object.fromEntries(
    SLOTS.map((slot, k) => [slot, fromRows(raw[k].map((row) => row.map((v) => v / norm)))]),
  ) as Record<Slot, Matrix>;
}

const dot = (g: Flat, u: Flat) => SLOTS.reduce((s, slot) => g[slot].reduce((acc, v, k) => acc + v * u[slot][k], s), 0);
const absDot = (g: Flat, u: Flat) => SLOTS.reduce((s, slot) => g[slot].reduce((acc, v, k) => acc + Math.abs(v * u[slot][k]), s), 0);

/** Checks ∇L·u for `count` random unit directions from seed `seed`; `gradients` defaults to our BPTT. */
export function checkDirections(
  problem: Problem,
  method: Method,
  count: number,
  seed = 0,
  gradients: Gradients = lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0).gradients,
  options: CheckOptions = {},
): DirectionalReport {
  const ev = options.evaluator ?? evaluatorFor(problem, options.path);
  const floor = options.floor ?? float64Floor(ev);
  const g = flatGradients(gradients);
  const n = SLOTS.reduce((s, slot) => s + g[slot].length, 0);
  const rng = new NumpyRandom(seed);
  const directions = Array.from({ length: count }, (_, d): DirectionResult => {
    const uMatrix = randomDirection(problem, rng);
    const u = flatMatrices(uMatrix);
    const ours = dot(floor.gradient, u);
    const spread = Math.max(...floor.samples.map((sample) => Math.abs(dot(sample, u) - ours))) + absDot(floor.terms, u);
    const dotRounding = Math.sqrt(n) * EPSILON * absDot(floor.gradient, u);
    let numeric: number;
    let numericError: number;
    if (method === 'complex') {
      const c = ev.complexAlong(u, COMPLEX_STEP);
      numeric = c.value;
      numericError = complexRounding(spread, c.magnitude) + dotRounding;
    } else {
      const r = extrapolate((h) => (ev.lossAlong(u, h) - ev.lossAlong(u, -h)) / (2 * h), floor.lossNoise);
      numeric = r.value;
      numericError = r.truncation + r.rounding;
    }
    options.onProgress?.(d + 1, count);
    const v = judge(dot(g, u), numeric, numericError, spread + dotRounding, ours);
    return { ...v, relativeError: relativeError(v.analytic, v.numeric) };
  });
  const maxRelativeError = Math.max(0, ...directions.map((d) => d.relativeError));
  return { method, path: ev.path, pass: directions.every((d) => d.pass), conclusive: directions.every((d) => d.conclusive), maxRelativeError, directions };
}
