/**
 * Element-by-element gradient checks of BPTT (eqs. (18)–(26) and ∂L/∂a⟨0⟩) against the loss (15):
 *   central differences:  ∂L/∂θ ≈ (L(θ−2h) − 8L(θ−h) + 8L(θ+h) − L(θ+2h)) / 12h
 *   complex step:         ∂L/∂θ ≈ Im L(θ + ih) / h        (no subtraction, so no cancellation)
 * Each slot's report names its worst element and the two values there.
 */
import { lossAndGradients } from '../reference/bptt.js';
import type { Gradients } from '../reference/types.js';
import { entry, imagPart, realPart, shape } from '../reference/linalg.js';
import { complex } from 'mathjs';
import { lossWithEntry, slotGradient, slotValue, SLOTS, type Problem, type Slot } from './problem.js';
import {
  CENTRAL_BUDGET,
  CENTRAL_STEP,
  COMPLEX_BUDGET,
  COMPLEX_STEP,
  relativeError,
} from './tolerances.js';

export type Method = 'central' | 'complex';

export interface SlotReport {
  readonly slot: Slot;
  readonly pass: boolean;
  readonly maxRelativeError: number;
  /** [row, column] of the worst element (zero-based). */
  readonly worstIndex: readonly [number, number];
  /** ∂L/∂θ from BPTT at the worst element. */
  readonly analytic: number;
  /** ∂L/∂θ from the numerical method at the worst element. */
  readonly numeric: number;
}

export interface CheckReport {
  readonly method: Method;
  readonly budget: number;
  readonly pass: boolean;
  readonly slots: readonly SlotReport[];
}

/** The budget each method must meet. */
export function budgetOf(method: Method): number {
  return method === 'central' ? CENTRAL_BUDGET : COMPLEX_BUDGET;
}

/** ∂L/∂θ for one entry θ of one slot, by the chosen method. */
export function numericPartial(problem: Problem, slot: Slot, i: number, j: number, method: Method): number {
  const x = realPart(entry(slotValue(problem, slot), i, j));
  if (method === 'complex') {
    return imagPart(lossWithEntry(problem, slot, i, j, complex(x, COMPLEX_STEP))) / COMPLEX_STEP;
  }
  const L = (k: number) => realPart(lossWithEntry(problem, slot, i, j, x + k * CENTRAL_STEP));
  return (L(-2) - 8 * L(-1) + 8 * L(1) - L(2)) / (12 * CENTRAL_STEP);
}

/** Checks every entry of Wax, Waa, Wya, ba, by and a⟨0⟩; `analytic` defaults to our BPTT. */
export function checkGradients(
  problem: Problem,
  method: Method,
  analytic: Gradients = lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0).gradients,
): CheckReport {
  const budget = budgetOf(method);
  const slots = SLOTS.map((slot): SlotReport => {
    const grad = slotGradient(analytic, slot);
    const [rows, cols] = shape(slotValue(problem, slot));
    let worst = { error: -1, index: [0, 0] as [number, number], analytic: 0, numeric: 0 };
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const a = realPart(entry(grad, i, j));
        const n = numericPartial(problem, slot, i, j, method);
        const error = relativeError(a, n);
        if (!(error <= worst.error)) worst = { error, index: [i, j], analytic: a, numeric: n };
      }
    }
    const pass = worst.error <= budget;
    return { slot, pass, maxRelativeError: worst.error, worstIndex: worst.index, analytic: worst.analytic, numeric: worst.numeric };
  });
  return { method, budget, pass: slots.every((s) => s.pass), slots };
}
