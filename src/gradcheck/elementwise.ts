/**
 * Element-by-element gradient checks of BPTT (eqs. (18)–(26) and ∂L/∂a⟨0⟩) against the loss (15):
 *   central differences:  Ridders-extrapolated (L(θ+h) − L(θ−h)) / 2h over halving h, with its
 *                         truncation and rounding error estimates (extrapolation.ts), every entry's
 *                         evaluations made together (central-batch.ts)
 *   complex step:         ∂L/∂θ ≈ Im L(θ + ih) / h        (no subtraction, so no cancellation)
 * Each entry passes when |analytic − numeric| ≤ tolerance, where
 *   tolerance = SAFETY × (numerical error estimate + float64 floor of the entry + own roundings)
 * (conditioning.ts: the floor grows with the model's conditioning). Each slot's report names the
 * entry closest to (or furthest past) its tolerance, with both values, the error and the tolerance.
 */
import { lossAndGradients } from '../reference/bptt.js';
import type { Gradients } from '../reference/types.js';
import { conditionOf, float64Floor, floorOf, type Float64Floor } from './conditioning.js';
import { evaluatorFor, flatGradients, type Evaluator, type Flat, type Path } from './evaluator.js';
import { centralPartials } from './central-batch.js';
import { SLOTS, type Problem, type Slot } from './problem.js';
import { COMPLEX_STEP, EPSILON, OWN_ROUNDINGS, relativeError, SAFETY } from './tolerances.js';

export type Method = 'central' | 'complex';

/** One comparison: the two values, their difference, the tolerance and where it came from. */
export interface Verdict {
  readonly analytic: number;
  readonly numeric: number;
  /** |analytic − numeric|. */
  readonly error: number;
  readonly tolerance: number;
  /** The numerical method's own error estimate (Richardson + rounding, or the complex step's rounding). */
  readonly estimate: number;
  /** The float64 floor of the analytic value (conditioning.ts). */
  readonly floor: number;
  /** The float64 floor's relative condition number (conditioning.ts). */
  readonly cond: number;
  readonly pass: boolean;
  /**
   * Whether a wrong value could have failed: the tolerance is below the values compared. When it
   * is not, float64 cannot resolve the derivative (cond ≳ 1/ε) and a pass means nothing.
   */
  readonly conclusive: boolean;
}

/**
 * One slot's verdicts folded into its report row: how many failed, the worst entry (largest
 * error / tolerance), the largest relative error, and whether the slot's largest entry could be
 * resolved at all (its `conclusive`). Shared by the vanilla and the generic (named) checks.
 */
export class SlotTally {
  private worst?: { v: Verdict; index: [number, number]; ratio: number };
  private largest?: Verdict;
  private failures = 0;
  private maxRelativeError = 0;

  add(v: Verdict, index: [number, number]): void {
    if (!v.pass) this.failures++;
    if (!this.largest || Math.abs(v.analytic) > Math.abs(this.largest.analytic)) this.largest = v;
    const rel = relativeError(v.analytic, v.numeric);
    if (!(rel <= this.maxRelativeError)) this.maxRelativeError = rel;
    const ratio = v.tolerance > 0 ? v.error / v.tolerance : v.error > 0 || Number.isNaN(v.error) ? Infinity : 0;
    if (!this.worst || !(ratio <= this.worst.ratio)) this.worst = { v, index, ratio };
  }

  /** The row: the worst entry's verdict, with the slot's pass, conclusive, worst index and counts. */
  row() {
    const w = this.worst!;
    return { ...w.v, pass: this.failures === 0, conclusive: this.largest!.conclusive, worstIndex: w.index, maxRelativeError: this.maxRelativeError, failures: this.failures };
  }
}

export interface SlotReport extends Verdict {
  readonly slot: Slot;
  /** [row, column] (zero-based) of the entry with the largest error / tolerance. */
  readonly worstIndex: readonly [number, number];
  /** Largest relative error over the slot (for display). */
  readonly maxRelativeError: number;
  /** How many entries failed. */
  readonly failures: number;
}

export interface CheckReport {
  readonly method: Method;
  readonly path: Path;
  readonly pass: boolean;
  /** Every slot conclusive: at its largest entry the tolerance is below the value (Verdict.conclusive). */
  readonly conclusive: boolean;
  readonly slots: readonly SlotReport[];
}

export interface CheckOptions {
  /** 'auto' (default): the engine when the problem fits it, else the mathjs reference. */
  readonly path?: Path | 'auto';
  /** Called as entries are done. */
  readonly onProgress?: (done: number, total: number) => void;
  /** A floor already measured for this problem (the CLI shares it between methods). */
  readonly floor?: Float64Floor;
  /** An evaluator already made for this problem. */
  readonly evaluator?: Evaluator;
}

/** The verdict on one comparison given the numerical method's own error estimate and the floor. */
export function judge(analytic: number, numeric: number, numericError: number, floor: number, g = analytic): Verdict {
  const error = Math.abs(analytic - numeric);
  const own = OWN_ROUNDINGS * EPSILON * Math.max(Math.abs(analytic), Math.abs(numeric));
  const tolerance = SAFETY * (numericError + floor + own);
  const conclusive = tolerance < Math.max(Math.abs(analytic), Math.abs(numeric));
  return { analytic, numeric, error, tolerance, estimate: numericError, floor, cond: conditionOf(floor, g), pass: error <= tolerance, conclusive };
}

/**
 * The complex step's own rounding: its derivative has the problem's conditioning (the float64
 * floor, `spread`) and is a sum over t of per-step terms, each rounded: ε·Σₜ |Im l⟨t⟩| / h.
 */
export function complexRounding(spread: number, magnitude: number): number {
  return spread + EPSILON * magnitude;
}

/** Checks every entry of Wax, Waa, Wya, ba, by and a⟨0⟩; `analytic` defaults to our (reference) BPTT. */
export function checkGradients(
  problem: Problem,
  method: Method,
  analytic: Gradients = lossAndGradients(problem.params, problem.inputs, problem.targets, problem.a0).gradients,
  options: CheckOptions = {},
): CheckReport {
  const ev = options.evaluator ?? evaluatorFor(problem, options.path);
  const floor = options.floor ?? float64Floor(ev);
  const a = flatGradients(analytic);
  const numeric = method === 'complex' ? ev.complexPartials(COMPLEX_STEP, options.onProgress) : undefined;
  const central = method === 'central' ? centralPartials(ev, floor.lossNoise, options.onProgress) : undefined;
  const slots = SLOTS.map((slot): SlotReport => {
    const cols = ev.shapes[slot][1];
    const tally = new SlotTally();
    for (let k = 0; k < ev.theta[slot].length; k++) {
      const spread = floorOf(floor, slot, k);
      const v = numeric
        ? judge(a[slot][k], numeric.value[slot][k], complexRounding(spread, numeric.magnitude[slot][k]), spread, floor.gradient[slot][k])
        : judge(a[slot][k], central!.value[slot][k], central!.error[slot][k], spread, floor.gradient[slot][k]);
      tally.add(v, [Math.floor(k / cols), k % cols]);
    }
    return { slot, ...tally.row() };
  });
  return { method, path: ev.path, pass: slots.every((s) => s.pass), conclusive: slots.every((s) => s.conclusive), slots };
}
