/**
 * Directional gradient checks, for models too large to perturb entry by entry: for a random unit
 * direction u over all of (Wax, Waa, Wya, ba, by, a⟨0⟩),
 *   analytic  ∇L·u  (BPTT, eqs. (18)–(26))
 *   central   (L(θ + hu) − L(θ − hu)) / 2h     two evaluations
 *   complex   Im L(θ + ihu) / h                one evaluation
 */
import { complex } from 'mathjs';
import { lossAndGradients } from '../reference/bptt.js';
import { entries, fromRows, imagPart, realPart, shape, type Matrix } from '../reference/linalg.js';
import { NumpyRandom } from '../random/numpy.js';
import type { Gradients } from '../reference/types.js';
import { budgetOf, type Method } from './elementwise.js';
import { lossAlong, slotGradient, slotValue, SLOTS, type Problem, type Slot } from './problem.js';
import { COMPLEX_STEP, DIRECTIONAL_STEP, relativeError } from './tolerances.js';

export interface DirectionResult {
  readonly analytic: number;
  readonly numeric: number;
  readonly relativeError: number;
}

export interface DirectionalReport {
  readonly method: Method;
  readonly budget: number;
  readonly pass: boolean;
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

/** Checks ∇L·u for `count` random unit directions from seed `seed`; `gradients` defaults to BPTT. */
export function checkDirections(
  problem: Problem,
  method: Method,
  count: number,
  seed = 0,
  gradients: Gradients = lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0).gradients,
): DirectionalReport {
  const rng = new NumpyRandom(seed);
  const directions = Array.from({ length: count }, (): DirectionResult => {
    const u = randomDirection(problem, rng);
    const analytic = SLOTS.reduce((s, slot) => {
      const g = entries(slotGradient(gradients, slot)).map(realPart);
      return entries(u[slot]).reduce<number>((acc, ui, k) => acc + realPart(ui) * g[k], s);
    }, 0);
    const numeric =
      method === 'complex'
        ? imagPart(lossAlong(problem, u, complex(0, COMPLEX_STEP))) / COMPLEX_STEP
        : (realPart(lossAlong(problem, u, DIRECTIONAL_STEP)) - realPart(lossAlong(problem, u, -DIRECTIONAL_STEP))) /
          (2 * DIRECTIONAL_STEP);
    return { analytic, numeric, relativeError: relativeError(analytic, numeric) };
  });
  const maxRelativeError = Math.max(0, ...directions.map((d) => d.relativeError));
  const budget = budgetOf(method);
  return { method, budget, pass: maxRelativeError <= budget, maxRelativeError, directions };
}
